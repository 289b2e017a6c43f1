const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { join } = require('path');

// The trace viewer: plain DOM + SVG, one script and one stylesheet, no inline code (the daemon
// serves it under a Content-Security-Policy without 'unsafe-inline' or 'unsafe-eval').
module.exports = {
  output: { path: join(__dirname, '../../dist/apps/xray-viewer') },
  // Source maps as files: eval-based devtools would need 'unsafe-eval'.
  devtool: 'source-map',
  plugins: [
    new NxAppWebpackPlugin({
      target: 'web',
      compiler: 'tsc',
      main: './src/main.ts',
      index: './src/index.html',
      tsConfig: './tsconfig.app.json',
      assets: ['./src/styles.css'],
      outputHashing: 'none',
      optimization: true,
      sourceMap: true,
    }),
  ],
};
