import './missing-module.mjs';
