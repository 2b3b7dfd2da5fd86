// single_file.mjs: writes the single-file lab: index.html with its styles, scripts and the module (built with
// -sSINGLE_FILE=1: the wasm is base64 inside it) inlined, an optional lab file embedded, and a Content-Security-Policy
// that allows exactly those inline blocks by hash (and connect-src data:, the module's fetch of its own base64 wasm).
// Opens from file://. Build step only; node, no dependencies.
// Usage: node single_file.mjs <site-dir> <module.js> <out.html> [lab-file.json]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const [siteDir, moduleJs, outFile, configFile] = process.argv.slice(2);
if (!siteDir || !moduleJs || !outFile) {
  console.error('usage: node single_file.mjs <site-dir> <module.js> <out.html> [lab-file.json]');
  process.exit(2);
}
const read = (name) => fs.readFileSync(path.join(siteDir, name), 'utf8');
const sha = (text) => "'sha256-" + crypto.createHash('sha256').update(text, 'utf8').digest('base64') + "'";
// Inline text must not close its element early or open an HTML comment inside a script.
const safeScript = (js) => js.replace(/<\/script/gi, '<\\/script').replace(/<!--/g, '<\\!--');
const safeStyle = (css) => css.replace(/<\/style/gi, '<\\/style');

let config = '{}';
if (configFile) {
  config = fs.readFileSync(configFile, 'utf8').trim();
  JSON.parse(config);  // a broken lab file fails the build, not the student's page
}

const scriptHashes = [];
const styleHashes = [];
const inlineScript = (js) => {
  const text = '\n' + safeScript(js) + '\n';
  scriptHashes.push(sha(text));
  return '<script>' + text + '</script>';
};
let html = read('index.html');
const before = html;
html = html
  .replace(/<!-- Start both downloads[^>]*-->\n/, '')
  .replace(/<link rel="preload"[^>]*>\n/g, '')
  .replace(/<link rel="stylesheet" href="([^"]+)">/g, (m, href) => {
    const text = '\n' + safeStyle(read(href)) + '\n';
    styleHashes.push(sha(text));
    return '<style>' + text + '</style>';
  })
  .replace(/<script src="offline\.js"><\/script>\n?/, '')  // no service worker from file://
  .replace(/<script src="lab-config\.js"><\/script>/, () =>
    '<script type="application/json" id="fhl-lab-file">' + config.replace(/<\//g, '<\\/') + '</script>\n' +
    inlineScript(read('lab-config.js')))
  .replace(/<script src="lab-api\.js"><\/script>/, () =>
    inlineScript(fs.readFileSync(moduleJs, 'utf8')) + '\n' + inlineScript(read('lab-api.js')))
  .replace(/<script src="([^"]+)"><\/script>/g, (m, src) => inlineScript(read(src)));
if (html === before || /<script src=/.test(html) || /<link rel="stylesheet"/.test(html)) {
  throw new Error('single_file.mjs: index.html still references files');
}
// Existing inline <style> blocks (the <noscript> one) keep their hashes from the page's own policy.
for (const m of html.matchAll(/<style>([\s\S]*?)<\/style>/g)) {
  const h = sha(m[1]);
  if (!styleHashes.includes(h)) styleHashes.push(h);
}
const csp = "default-src 'self'; script-src 'wasm-unsafe-eval' " + scriptHashes.join(' ') + '; style-src ' +
            styleHashes.join(' ') + "; img-src 'self' data: blob:; font-src 'self'; connect-src 'self' data:; " +
            "worker-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";
html = html.replace(/<meta http-equiv="Content-Security-Policy" content="[^"]*">/,
                    () => '<meta http-equiv="Content-Security-Policy" content="' + csp + '">');
if (!html.includes(scriptHashes[0])) throw new Error('single_file.mjs: index.html has no CSP meta to replace');
html = html.replace(/^<!-- index\.html:/, '<!-- firehose-lab.html: the single-file build of index.html ' +
                    '(site/tools/single_file.mjs); the lab file is the JSON in #fhl-lab-file.\n     index.html:');
fs.writeFileSync(outFile, html);
console.log(`single_file.mjs: ${outFile} (${(Buffer.byteLength(html) / 1048576).toFixed(2)} MiB)`);
