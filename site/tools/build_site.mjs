// build_site.mjs: completes the static site after web/* and the module were copied into it: the landing page
// (site/*.html, *.css), embed.html (index.html in its compact embed mode) and sw.js (web/sw.js with the precache list
// and a version hashed from the files). Build step only (src/platform/web/CMakeLists.txt); node, no dependencies.
// Usage: node build_site.mjs <site-dir> <web-dir> <site-src-dir>
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [siteDir, webDir, srcDir] = process.argv.slice(2);
if (!siteDir || !webDir || !srcDir) {
  console.error('usage: node build_site.mjs <site-dir> <web-dir> <site-src-dir>');
  process.exit(2);
}
fs.mkdirSync(siteDir, { recursive: true });
const writeIfChanged = (file, text) => {
  if (fs.existsSync(file) && fs.readFileSync(file, 'utf8') === text) return;
  fs.writeFileSync(file, text);
};

// [SECTION] landing and helper pages from site/
for (const name of fs.readdirSync(srcDir)) {
  if (/\.(html|css|json)$/.test(name)) writeIfChanged(path.join(siteDir, name), fs.readFileSync(path.join(srcDir, name), 'utf8'));
}

// [SECTION] embed.html: the same page, with the embed class that lab-config.js reads (compact, guide collapsed).
const index = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8');
const embed = index
  .replace(/<html lang="en"( class="[^"]*")?>/, (m, cls) => `<html lang="en" class="embed${cls ? ' ' + cls.slice(8, -1) : ''}">`)
  .replace('<title>Firehose Lab</title>', '<title>Firehose Lab (embedded)</title>')
  .replace(/^<!-- index\.html:/, '<!-- embed.html: generated from index.html by site/tools/build_site.mjs; do not edit.\n     index.html:');
if (!embed.includes('class="embed')) throw new Error('build_site.mjs: index.html has no <html lang="en"> to mark as embed');
writeIfChanged(path.join(siteDir, 'embed.html'), embed);

// [SECTION] sw.js: every file the lab needs offline. Not: sw.js itself, the single-file build, SCORM packages.
const PRECACHE_EXT = /\.(html|js|css|json|wasm|svg|png|ico|webmanifest)$/;
const EXCLUDE = new Set(['sw.js', 'firehose-lab.html']);
const files = fs.readdirSync(siteDir)
  .filter((n) => PRECACHE_EXT.test(n) && !EXCLUDE.has(n) && fs.statSync(path.join(siteDir, n)).isFile())
  .sort();
const hash = crypto.createHash('sha256');
for (const n of files) hash.update(n + '\0').update(fs.readFileSync(path.join(siteDir, n))).update('\0');
const version = hash.digest('hex').slice(0, 16);
const template = fs.readFileSync(path.join(webDir, 'sw.js'), 'utf8');
const list = files.map((n) => JSON.stringify(n)).join(', ');
const sw = template
  .replace("const VERSION = 'dev';", `const VERSION = '${version}';`)
  .replace('const PRECACHE = [/* FHL_PRECACHE */];', `const PRECACHE = [${list}];`);
if (!sw.includes(version) || !sw.includes('"index.html"')) throw new Error('build_site.mjs: web/sw.js placeholders not found');
writeIfChanged(path.join(siteDir, 'sw.js'), sw);
console.log(`build_site.mjs: ${files.length} files precached, version ${version}`);
