import './imports-syntax.mjs';
