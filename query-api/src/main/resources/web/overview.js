// tenantscope overview: reads the JSON API with an admin token, draws inline SVG. No libraries, no
// network beyond this server. Every value goes in through textContent: tenant ids are data, never HTML.
(function () {
  'use strict';
  const SVG = 'http://www.w3.org/2000/svg';
  const $ = (sel) => document.querySelector(sel);

  function token() {
    const m = /(?:^|[#&])token=([^&]+)/.exec(location.hash);
    if (m) {
      sessionStorage.setItem('tenantscope.token', decodeURIComponent(m[1]));
      history.replaceState(null, '', location.pathname); // keep the token out of the address bar
    }
    return sessionStorage.getItem('tenantscope.token');
  }

  async function api(path) {
    const res = await fetch(path, { headers: { Authorization: 'Bearer ' + token() } });
    const body = await res.json();
    if (!res.ok) {
      throw new Error(path + ': ' + (body.error ? body.error.message : res.status));
    }
    return body;
  }

  function money(v, currency) {
    return Number(v).toFixed(2) + (currency ? ' ' + currency : '');
  }

  function figure(name, text) {
    $('[data-figure="' + name + '"]').textContent = text;
  }

  function el(tag, attrs, text) {
    const e = tag.startsWith('svg:') ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function row(cells) {
    const tr = el('tr');
    for (const c of cells) tr.append(el('td', c.cls ? { class: c.cls } : {}, c.text));
    return tr;
  }

  // horizontal bars: [{label, value, text}]
  function barChart(target, id, bars) {
    const h = 18, w = 400, labelW = 130, max = Math.max(0, ...bars.map((b) => b.value)) || 1;
    const svg = el('svg:svg', { id, width: w, height: bars.length * h + 4, role: 'img' });
    bars.forEach((b, i) => {
      const len = Math.max(1, ((w - labelW - 90) * b.value) / max);
      svg.append(el('svg:text', { x: 0, y: i * h + 13 }, b.label.length > 20 ? b.label.slice(0, 19) + '…' : b.label));
      svg.append(el('svg:rect', { x: labelW, y: i * h + 3, width: len, height: h - 6, fill: '#3e7bfa',
        'data-label': b.label, 'data-value': String(b.value) }));
      svg.append(el('svg:text', { x: labelW + len + 4, y: i * h + 13 }, b.text));
    });
    $(target).replaceChildren(svg);
  }

  function renderFleet(f) {
    const a = f.accounts;
    $('#asof').textContent = 'as of ' + f.asOf;
    figure('accounts-total', a.total);
    figure('tenants-total', a.tenants);
    figure('accounts-unobservable', a.byObservability.UNOBSERVABLE);
    figure('accounts-suspended', a.byStatus.SUSPENDED);
    figure('accounts-new', a.new);
    figure('accounts-stale', f.freshness.stale);
    figure('tenants-alerting', f.tenantsWithOpenAlerts.tenants);
    figure('quotas-at-risk', f.quotas.aboveThreshold.length + f.quotas.forecastToRunOut.length);
    figure('api-spend', f.collectorApiSpend.byCurrency.map((s) => money(s.api_spend, s.currency)).join(', ') || '0.00');
    barChart('#observability-chart', 'observability-bars', Object.entries(a.byObservability)
      .map(([k, v]) => ({ label: k, value: v, text: String(v) })));
  }

  function renderTenants(t) {
    const body = $('#tenant-rows');
    body.replaceChildren(...t.tenants.map((x) => row([
      { text: x.tenant_id }, { text: money(x.cost, x.currency), cls: 'num' },
      { text: x.baselineShare === null ? '–' : (x.baselineShare * 100).toFixed(1) + ' %', cls: 'num' },
      { text: x.health, cls: x.health }])));
    barChart('#cost-chart', 'cost-bars', t.tenants.map((x) => ({ label: x.tenant_id, value: Number(x.cost),
      text: money(x.cost) })));
  }

  // The daily parts of a tenant's cost, stacked: positive parts above the axis, credits and refunds below.
  const PARTS = [
    { part: 'workload', color: '#3e7bfa', of: (r) => Number(r.workload) },
    { part: 'baseline', color: '#f5a524', of: (r) => Number(r.baseline) },
    { part: 'fees', color: '#8e59d9', of: (r) => Number(r.commitmentFee) + Number(r.support) },
    { part: 'tax', color: '#7a8294', of: (r) => Number(r.tax) },
    { part: 'credits', color: '#17a34a', of: (r) => Number(r.credit) + Number(r.refund) },
  ];

  function stackedDays(target, cost) {
    const days = cost.rows;
    const colW = Math.max(1, Math.floor(720 / Math.max(1, days.length))), h = 140;
    const up = Math.max(0, ...days.map((r) => PARTS.reduce((a, p) => a + Math.max(0, p.of(r)), 0)));
    const down = Math.max(0, ...days.map((r) => PARTS.reduce((a, p) => a - Math.min(0, p.of(r)), 0)));
    const scale = (h - 4) / ((up + down) || 1), axis = 2 + up * scale;
    const svg = el('svg:svg', { id: 'daily-cost', width: Math.max(200, days.length * colW), height: h, role: 'img',
      'data-tenant': cost.tenantId, 'data-from': cost.from, 'data-to': cost.to, 'data-basis': cost.basis });
    days.forEach((r, i) => {
      let above = axis, below = axis;
      for (const p of PARTS) {
        const v = p.of(r);
        if (v === 0) continue;
        const len = Math.abs(v) * scale;
        const y = v > 0 ? (above -= len) : below;
        if (v < 0) below += len;
        svg.append(el('svg:rect', { x: i * colW, y, width: colW, height: Math.max(len, 0.5), fill: p.color,
          'data-period': r.period, 'data-part': p.part, 'data-value': String(v) }));
      }
    });
    svg.append(el('svg:line', { x1: 0, x2: days.length * colW, y1: axis, y2: axis, stroke: '#1d2330' }));
    $(target).replaceChildren(svg);
    $('#daily-legend').replaceChildren(...PARTS.map((p) => el('span', { style: 'color:' + p.color }, '■ ' + p.part + ' ')));
    $('#daily-title').textContent = cost.tenantId + ', ' + cost.from + ' to ' + cost.to + ' (' + cost.basis + ')';
  }

  async function loadDaily(t) {
    if (!t.tenants.length) return;
    const to = t.asOf, d = new Date(to + 'T00:00:00Z');
    d.setUTCMonth(d.getUTCMonth() - 13, 1); // the backfilled history: 13 months
    const from = d.toISOString().slice(0, 10);
    const tenant = t.tenants[0].tenant_id;
    stackedDays('#daily-chart', await api('/api/v1/tenants/' + encodeURIComponent(tenant) + '/cost?from=' + from
      + '&to=' + to));
  }

  function renderBaseline(b) {
    const c = b.byCurrency[0];
    if (!c) {
      ['baseline-accounts', 'baseline-median', 'baseline-p90', 'baseline-total'].forEach((n) => figure(n, '0'));
      return;
    }
    figure('baseline-accounts', c.accounts);
    figure('baseline-median', money(c.median, c.currency));
    figure('baseline-p90', money(c.p90, c.currency));
    figure('baseline-total', money(c.total, c.currency));
    barChart('#baseline-chart', 'baseline-deciles', c.deciles.map((v, i) => ({ label: 'p' + (i + 1) * 10,
      value: Number(v), text: money(v) })));
    $('#component-rows').replaceChildren(...c.byComponent.map((x) => row([
      { text: x.component }, { text: money(x.total, c.currency), cls: 'num' }, { text: money(x.median), cls: 'num' }])));
  }

  function renderAlerts(a) {
    $('#alert-rows').replaceChildren(...a.alerts.map((x) => row([
      { text: x.tenant_id }, { text: x.kind }, { text: x.subject }, { text: x.severity, cls: x.severity },
      { text: x.opened_at }])));
  }

  async function load() {
    try {
      const [fleet, tenants, baseline, alerts] = await Promise.all([
        api('/api/v1/fleet/health?limit=10'), api('/api/v1/tenants?limit=10&sort=cost'),
        api('/api/v1/cost/baseline'), api('/api/v1/alerts?state=open&limit=20')]);
      renderFleet(fleet);
      renderTenants(tenants);
      await loadDaily(tenants);
      renderBaseline(baseline);
      renderAlerts(alerts);
      $('#overview').hidden = false;
      $('#login').hidden = true;
      document.body.dataset.loaded = 'true';
    } catch (e) {
      $('#error').textContent = e.message;
      $('#login').hidden = false;
      document.body.dataset.loaded = 'error';
    }
  }

  $('#login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    sessionStorage.setItem('tenantscope.token', $('#token').value);
    load();
  });
  if (token()) load(); else $('#login').hidden = false;
})();
