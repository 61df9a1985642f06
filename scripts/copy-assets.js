// After tsc: copies what the compiled app reads at run time but tsc does not emit
// (locale JSON, the simulator's static page, menu specs and images) from src/ to dist/src/.
const fs = require('node:fs');
const path = require('node:path');

const from = path.join(__dirname, '..', 'src');
const to = path.join(__dirname, '..', 'dist', 'src');
fs.cpSync(from, to, { recursive: true, filter: (src) => fs.statSync(src).isDirectory() || !/\.tsx?$/.test(src) });
