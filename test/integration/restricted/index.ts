// The same runner as the trusted suite; bundled here, it loads the *.test.js files of this folder.
export { run } from '../suite/index';
