/**
 * NxAppWebpackPlugin options shared by every Node app here: `src/main.ts` to one bundle,
 * libraries bundled, node_modules left external. tsc, not esbuild/swc: Nest's constructor
 * injection needs emitted decorator metadata. (Each app constructs the plugin in its own
 * webpack.config.js: the plugin finds its project from the config file's location.)
 */
module.exports = {
  target: 'node',
  compiler: 'tsc',
  main: './src/main.ts',
  tsConfig: './tsconfig.app.json',
  optimization: false,
  outputHashing: 'none',
  generatePackageJson: false,
  sourceMap: true,
};
