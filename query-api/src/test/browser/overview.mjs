// Loads the overview page in headless Debian chromium and prints what it shows as one JSON object.
// Usage: node overview.mjs <base-url> <token>
// Every request off the API's origin is blocked and reported: the page must need nothing from outside.
import { chromium } from 'playwright-core';

const [base, token] = process.argv.slice(2);
const origin = new URL(base).origin;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--no-first-run'],
});
const result = { external: [], dialogs: [], consoleErrors: [], pageErrors: [] };
try {
  const page = await browser.newPage();
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin)) return route.continue();
    result.external.push(url);
    return route.abort();
  });
  page.on('dialog', (d) => { result.dialogs.push(d.message()); d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') result.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => result.pageErrors.push(String(e)));

  await page.goto(base + '/#token=' + encodeURIComponent(token));
  await page.waitForSelector('body[data-loaded]', { timeout: 30000 });
  result.loaded = await page.getAttribute('body', 'data-loaded');
  result.error = await page.textContent('#error');
  result.addressBar = page.url();
  result.figures = await page.$$eval('[data-figure]', (els) =>
    Object.fromEntries(els.map((e) => [e.dataset.figure, e.textContent])));
  const rows = (sel) => page.$$eval(sel + ' tr', (trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent)));
  result.tenants = await rows('#tenant-rows');
  result.components = await rows('#component-rows');
  result.alerts = await rows('#alert-rows');
  const bars = (id) => page.$$eval('#' + id + ' rect', (rs) => rs.map((r) => ({
    label: r.getAttribute('data-label'), value: Number(r.getAttribute('data-value')) })));
  result.costBars = await bars('cost-bars');
  result.decileBars = await bars('baseline-deciles');
  result.observabilityBars = await bars('observability-bars');
  result.daily = await page.$eval('#daily-cost', (svg) => ({
    tenant: svg.getAttribute('data-tenant'), from: svg.getAttribute('data-from'), to: svg.getAttribute('data-to'),
    basis: svg.getAttribute('data-basis'),
    bars: [...svg.querySelectorAll('rect')].map((r) => ({ period: r.getAttribute('data-period'),
      part: r.getAttribute('data-part'), value: Number(r.getAttribute('data-value')) })) }));
  result.scriptTags = await page.$$eval('script', (s) => s.length);
} finally {
  await browser.close();
}
console.log(JSON.stringify(result));
