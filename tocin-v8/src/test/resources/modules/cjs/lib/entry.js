exports.fromMain = 'lib';
