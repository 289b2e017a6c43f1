const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');
const nodeApp = require('../../libs/build-config/webpack.node-app');

module.exports = {
  output: { path: join(__dirname, '../../dist/apps/cruddur-cli') },
  plugins: [new NxAppWebpackPlugin(nodeApp)],
};
