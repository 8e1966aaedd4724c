// The web interface: one page, views drawn from the JSON API. No framework, no inline script (strict CSP).
'use strict';
(() => {
  // Each page render gets its own view: a render that finishes after the user moved on (a slow answer) is dropped
  // instead of drawing over the page now shown.
  const mainView = document.getElementById('view');
  class StaleView extends Error {}
  let generation = 0;
  function currentView() {
    const mine = generation;
    return { replaceChildren: (...nodes) => { if (mine !== generation) throw new StaleView(); mainView.replaceChildren(...nodes); } };
  }
  let session = null;
  let liveSource = null;

  // ---------- helpers ----------
  const esc = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  const h = (html) => { const t = document.createElement('template'); t.innerHTML = html.trim(); return t.content; };
  const $ = (sel, root = document) => root.querySelector(sel);
  const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
  function bytes(n) {
    if (n === null || n === undefined) return '—';
    const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']; let i = 0; let v = n;
    while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
    return (i === 0 ? v : v.toFixed(v < 10 ? 2 : 1)) + ' ' + units[i];
  }
  function age(seconds) {
    if (seconds === null || seconds === undefined) return 'never';
    if (seconds < 90) return 'just now';
    const m = seconds / 60; if (m < 90) return Math.round(m) + ' minutes ago';
    const hrs = m / 60; if (hrs < 36) return Math.round(hrs) + ' hours ago';
    return Math.round(hrs / 24) + ' days ago';
  }
  function duration(s) {
    if (s === null || s === undefined) return '—';
    s = Math.round(s); if (s < 60) return s + ' s';
    const m = Math.floor(s / 60); return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
  }
  const when = t => t ? new Date(t).toLocaleString() : '—';
  const stateLabel = s => ({ recent: 'Recent', too_old: 'Too old', failed: 'Failed', unknown: 'Unknown', queued: 'Queued', running: 'Running', succeeded: 'Succeeded', cancelled: 'Cancelled' }[s] || s);
  const badge = s => `<span class="badge state-${esc(s)}">${esc(stateLabel(s))}</span>`;
  function toast(text) { const t = document.getElementById('toast'); t.textContent = text; t.classList.add('show'); setTimeout(() => t.classList.remove('show'), 2600); }

  async function api(path, options = {}) {
    const init = { credentials: 'same-origin', headers: { 'Accept': 'application/json' }, ...options };
    if (options.body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    }
    if (init.method && init.method !== 'GET') init.headers['X-CSRF-TOKEN'] = session.antiforgery_token;
    const response = await fetch(path, init);
    if (response.status === 401) { location.href = '/login'; throw new Error('not logged in'); }
    const text = await response.text();
    let data = null; try { data = text ? JSON.parse(text) : null; } catch { data = { error: text }; }
    if (!response.ok && !(data && 'result' in data)) throw new Error((data && (data.error || data.reason || data.detail || data.title)) || response.statusText);
    return data;
  }
  const loading = (view, title) => { view.replaceChildren(h(`<h1>${esc(title)}</h1><p class="subtitle"><span class="spinner"></span> Loading…</p>`)); };
  const fail = (view, title, error) => view.replaceChildren(h(`<h1>${esc(title)}</h1><div class="alert error">${esc(error.message || error)}</div>`));

  // ---------- router ----------
  const routes = [
    [/^#?\/?$/, dashboard, 'dashboard'],
    [/^#\/snapshots(?:\/([^/]+))?$/, snapshots, 'snapshots'],
    [/^#\/browse\/([^/]+)\/([0-9a-f]+)$/, browse, 'snapshots'],
    [/^#\/jobs$/, jobs, 'jobs'],
    [/^#\/jobs\/([0-9a-f]+)$/, jobDetail, 'jobs'],
    [/^#\/operations$/, operations, 'operations'],
    [/^#\/config$/, config, 'config'],
  ];
  async function route() {
    if (liveSource) { liveSource.close(); liveSource = null; }
    generation++;
    const view = currentView();
    const hash = location.hash || '#/';
    for (const [pattern, render, nav] of routes) {
      const m = hash.match(pattern);
      if (m) {
        $$('nav a').forEach(a => a.classList.toggle('active', a.dataset.nav === nav));
        try { await render(...m.slice(1).map(x => x && decodeURIComponent(x))); } catch (e) {
          if (!(e instanceof StaleView)) { try { fail(view, 'Something went wrong', e); } catch { /* the user moved on */ } }
        }
        return;
      }
    }
    location.hash = '#/';
  }

  // ---------- dashboard ----------
  function nextRun(r) {
    if (r.schedule_error) return `<span class="field-error">${esc(r.schedule_error)}</span>`;
    if (r.next_run) return `${esc(when(r.next_run))} <span class="group mono">(${esc(r.schedule)})</span>`;
    if (r.schedule) return `<span class="mono">${esc(r.schedule)}</span> <span class="group">from the service's start</span>`;
    return 'not scheduled';
  }
  async function dashboard() {
    const view = currentView();
    loading(view, 'Dashboard');
    const repos = await api('/api/repos');
    const cards = repos.map(r => `
      <section class="card" data-repo="${esc(r.repo)}">
        <h2>${esc(r.repo)} ${badge(r.state)} <span class="group">${r.group ? 'group ' + esc(r.group) : ''}</span></h2>
        ${r.reason ? `<div class="alert error" style="margin:12px 0 0">${esc(r.reason)}</div>` : ''}
        <dl class="facts">
          <dt>Last backup</dt><dd>${r.last_backup ? esc(age(r.last_backup_age_seconds)) + ' <span class="group">(' + esc(when(r.last_backup)) + ')</span>' : 'never'}</dd>
          <dt>Snapshots</dt><dd>${r.snapshot_count ?? '—'}</dd>
          <dt>Size</dt><dd>${bytes(r.size_bytes)}</dd>
          <dt>Last result</dt><dd>${r.last_result ? `<a href="#/jobs/${esc(r.last_job_id)}">${esc(stateLabel(r.last_result))}</a>` : '—'}</dd>
          <dt>Next run</dt><dd class="next-run">${nextRun(r)}</dd>
        </dl>
        <div class="actions">
          <button class="btn" data-run="backup">Back up now</button>
          <button class="btn secondary" data-run="housekeeping">Housekeeping</button>
          <button class="btn secondary" data-run="check">Check</button>
          <a class="btn secondary" href="#/snapshots/${encodeURIComponent(r.repo)}">Snapshots</a>
        </div>
      </section>`).join('');
    view.replaceChildren(h(`
      <div class="head"><div><h1>Dashboard</h1><p class="subtitle">The state of every repository on this machine</p></div>
      <button class="btn secondary" id="refresh">Refresh</button></div>
      ${repos.length ? `<div class="cards">${cards}</div>` : '<div class="empty">No repositories are configured.</div>'}`));
    $('#refresh').addEventListener('click', dashboard);
    $$('[data-run]').forEach(b => b.addEventListener('click', async () => {
      const repo = b.closest('[data-repo]').dataset.repo;
      const started = await api('/api/jobs', { method: 'POST', body: { operation: b.dataset.run, repos: [repo] } });
      location.hash = '#/jobs/' + started[0].id;
    }));
  }

  // ---------- snapshots ----------
  async function snapshots(repo) {
    const view = currentView();
    const cfg = await api('/api/repos');
    const names = cfg.map(r => r.repo);
    repo = repo || names[0];
    loading(view, 'Snapshots');
    const doc = await api(`/api/repos/${encodeURIComponent(repo)}/snapshots`);
    const entry = (doc.repos || [])[0];
    const list = entry && Array.isArray(entry.output) ? entry.output.slice().sort((a, b) => b.time.localeCompare(a.time)) : [];
    const hosts = [...new Set(list.map(s => s.hostname))];
    const tags = [...new Set(list.flatMap(s => s.tags || []))];
    view.replaceChildren(h(`
      <div class="head"><div><h1>Snapshots</h1><p class="subtitle">Browse a snapshot to restore or download files</p></div></div>
      <div class="filters">
        <select id="repo" aria-label="Repository">${names.map(n => `<option ${n === repo ? 'selected' : ''}>${esc(n)}</option>`).join('')}</select>
        <select id="host" aria-label="Host"><option value="">All hosts</option>${hosts.map(x => `<option>${esc(x)}</option>`).join('')}</select>
        <select id="tag" aria-label="Tag"><option value="">All tags</option>${tags.map(x => `<option>${esc(x)}</option>`).join('')}</select>
        <input id="path" placeholder="Path contains…" aria-label="Path filter">
        <input id="since" type="date" aria-label="Since">
        <span id="count" class="group"></span>
      </div>
      ${doc.result ? '' : `<div class="alert error" id="snapshots-error">${esc(repo)}: ${esc((entry && entry.reason) || doc.reason || 'cannot list snapshots')}</div>`}
      <table><thead><tr><th>ID</th><th>Time</th><th>Host</th><th>Tags</th><th>Paths</th></tr></thead><tbody id="rows"></tbody></table>`));
    const draw = () => {
      const host = $('#host').value, tag = $('#tag').value, path = $('#path').value.toLowerCase(), since = $('#since').value;
      const shown = list.filter(s => (!host || s.hostname === host) && (!tag || (s.tags || []).includes(tag))
        && (!path || s.paths.some(p => p.toLowerCase().includes(path))) && (!since || s.time >= since)).slice(0, 2000);
      $('#rows').replaceChildren(h(shown.map(s => `<tr class="clickable" data-id="${esc(s.id)}"><td class="mono">${esc(s.short_id)}</td><td>${esc(when(s.time))}</td>
        <td>${esc(s.hostname)}</td><td>${(s.tags || []).map(t => `<span class="badge state-unknown">${esc(t)}</span>`).join(' ')}</td><td class="mono">${esc(s.paths.join(', '))}</td></tr>`).join('')
        || `<tr><td colspan="5" class="empty">${list.length ? 'No snapshot matches the filters.' : 'No snapshots yet.'}</td></tr>`));
      $('#count').textContent = `${shown.length} of ${list.length} snapshots`;
      $$('#rows tr[data-id]').forEach(tr => tr.addEventListener('click', () => { location.hash = `#/browse/${encodeURIComponent(repo)}/${tr.dataset.id}`; }));
    };
    ['host', 'tag', 'path', 'since'].forEach(id => $('#' + id).addEventListener('input', draw));
    $('#repo').addEventListener('change', e => { location.hash = '#/snapshots/' + encodeURIComponent(e.target.value); });
    draw();
  }

  // ---------- snapshot browser ----------
  async function browse(repo, snapshot) {
    const view = currentView();
    const base = `/api/repos/${encodeURIComponent(repo)}/snapshots/${snapshot}`;
    const chosen = new Set();
    view.replaceChildren(h(`
      <div class="head"><div><h1>Snapshot <span class="mono">${esc(snapshot.slice(0, 8))}</span></h1>
      <p class="subtitle">Repository ${esc(repo)} · choose files and folders to restore, or download a single file</p></div>
      <a class="btn secondary" href="#/snapshots/${encodeURIComponent(repo)}">Back to snapshots</a></div>
      <div class="filters"><input id="search" placeholder="Search file names…" size="34" aria-label="Search"><button class="btn secondary" id="go">Search</button>
      <button class="btn secondary" id="clear" hidden>Show tree</button></div>
      <div class="browser"><div class="tree" id="tree"><span class="spinner"></span></div>
      <section class="card panel"><h3>Restore</h3><div id="chosen-count">Nothing chosen: the whole snapshot is restored.</div>
      <ul class="chosen" id="chosen"></ul>
      <label for="target"><b>Restore into</b></label><br>
      <input id="target" style="width:100%;margin:6px 0 4px" value="${esc((session.restore_roots || [])[0] || '')}">
      <div class="group">Allowed: ${esc((session.restore_roots || []).join(', ') || 'none configured')}</div>
      <div class="actions" style="margin-top:12px"><button class="btn accent" id="restore">Restore</button></div>
      <div id="restore-error"></div></section></div>`));
    const renderChosen = () => {
      $('#chosen').replaceChildren(h([...chosen].map(p => `<li class="mono">${esc(p)}</li>`).join('')));
      $('#chosen-count').textContent = chosen.size ? `${chosen.size} chosen` : 'Nothing chosen: the whole snapshot is restored.';
    };
    const nodeHtml = n => `<li data-path="${esc(n.path)}" data-type="${esc(n.type)}"><div class="node">
      <span class="twisty">${n.type === 'dir' ? '▸' : ''}</span><input type="checkbox" aria-label="Choose ${esc(n.name)}" ${chosen.has(n.path) ? 'checked' : ''}>
      <span class="icon ${n.type === 'dir' ? 'dir' : 'file'}"></span><span class="name" title="${esc(n.path)}">${esc(n.name)}</span>
      ${n.type === 'file' ? `<span class="size">${bytes(n.size)}</span><a class="dl" href="${base}/download?path=${encodeURIComponent(n.path)}" download>Download</a>` : ''}</div></li>`;
    const wire = (root) => {
      $$(':scope > li', root).forEach(li => {
        $('input', li).addEventListener('change', e => { e.target.checked ? chosen.add(li.dataset.path) : chosen.delete(li.dataset.path); renderChosen(); });
        if (li.dataset.type === 'dir') {
          const toggle = async () => {
            const open = li.querySelector(':scope > ul');
            if (open) { open.remove(); $('.twisty', li).textContent = '▸'; return; }
            $('.twisty', li).innerHTML = '<span class="spinner"></span>';
            try { await load(li.dataset.path, li); $('.twisty', li).textContent = '▾'; } catch (e) { $('.twisty', li).textContent = '!'; toast(e.message); }
          };
          $('.twisty', li).addEventListener('click', toggle);
          $('.name', li).addEventListener('dblclick', toggle);
        }
      });
    };
    async function load(path, into) {
      const result = await api(`${base}/tree?path=${encodeURIComponent(path)}`);
      if (!result.result) throw new Error(result.reason);
      const ul = document.createElement('ul');
      ul.append(h(result.nodes.map(nodeHtml).join('') || '<li class="group" style="padding:3px 6px">empty folder</li>'));
      into.append(ul); wire(ul);
    }
    const tree = $('#tree');
    const showTree = async () => {
      tree.replaceChildren(); $('#clear').hidden = true;
      try { await load('/', tree); } catch (e) { tree.replaceChildren(h(`<div class="alert error">${esc(e.message)}</div>`)); }
    };
    await showTree();
    const search = async () => {
      const q = $('#search').value.trim(); if (!q) return showTree();
      tree.replaceChildren(h('<span class="spinner"></span> Searching…'));
      const result = await api(`${base}/search?q=${encodeURIComponent(q)}`);
      const ul = document.createElement('ul');
      ul.append(h(result.nodes.map(n => nodeHtml({ ...n, name: n.path })).join('') || '<li class="empty">Nothing found.</li>'));
      tree.replaceChildren(ul); wire(ul); $('#clear').hidden = false;
      if (result.truncated) tree.prepend(h('<div class="alert info">Showing the first 500 matches.</div>'));
    };
    $('#go').addEventListener('click', search);
    $('#search').addEventListener('keydown', e => { if (e.key === 'Enter') search(); });
    $('#clear').addEventListener('click', () => { $('#search').value = ''; showTree(); });
    $('#restore').addEventListener('click', async () => {
      $('#restore-error').replaceChildren();
      try {
        const job = await api(`/api/repos/${encodeURIComponent(repo)}/restore`, { method: 'POST', body: { snapshot, paths: [...chosen], target: $('#target').value } });
        if (job.error) throw new Error(job.error);
        location.hash = '#/jobs/' + job.id;
      } catch (e) { $('#restore-error').replaceChildren(h(`<div class="alert error" style="margin-top:12px">${esc(e.message)}</div>`)); }
    });
  }

  // ---------- jobs ----------
  async function jobs() {
    const view = currentView();
    loading(view, 'Jobs');
    const list = await api('/api/jobs');
    view.replaceChildren(h(`
      <div class="head"><div><h1>Jobs</h1><p class="subtitle">Running jobs and the history of past ones</p></div><button class="btn secondary" id="refresh">Refresh</button></div>
      <table><thead><tr><th>Operation</th><th>Repository</th><th>State</th><th>Started</th><th>Duration</th><th>Result</th></tr></thead><tbody>
      ${list.map(j => `<tr class="clickable" data-id="${esc(j.id)}"><td>${esc(j.operation)}</td><td>${esc(j.repo)}</td><td>${badge(j.state)}</td>
        <td>${esc(when(j.started_at || j.queued_at))}</td><td>${j.finished_at && j.started_at ? duration((new Date(j.finished_at) - new Date(j.started_at)) / 1000) : (j.state === 'running' && j.progress ? Math.round(j.progress.percent) + ' %' : '—')}</td>
        <td>${esc(j.reason || (j.exit_code !== null && j.exit_code !== undefined ? 'exit ' + j.exit_code : ''))}</td></tr>`).join('') || '<tr><td colspan="6" class="empty">No jobs yet.</td></tr>'}
      </tbody></table>`));
    $('#refresh').addEventListener('click', jobs);
    $$('tr[data-id]').forEach(tr => tr.addEventListener('click', () => { location.hash = '#/jobs/' + tr.dataset.id; }));
  }

  async function jobDetail(id) {
    const view = currentView();
    loading(view, 'Job');
    const draw = j => {
      const p = j.progress;
      view.replaceChildren(h(`
        <div class="head"><div><h1>${esc(j.operation[0].toUpperCase() + j.operation.slice(1))} · ${esc(j.repo)} ${badge(j.state)}</h1>
        <p class="subtitle">Queued ${esc(when(j.queued_at))}${j.started_at ? ' · started ' + esc(when(j.started_at)) : ''}${j.finished_at ? ' · finished ' + esc(when(j.finished_at)) : ''}</p></div>
        <div class="actions">${j.state === 'running' || j.state === 'queued' ? '<button class="btn danger" id="cancel">Cancel</button>' : ''}<a class="btn secondary" href="#/jobs">All jobs</a></div></div>
        ${j.state === 'failed' ? `<div class="alert error" id="job-error">${esc(j.reason || 'failed')}</div>` : ''}
        ${j.restore ? `<div class="alert info">Restoring ${j.restore.paths.length ? j.restore.paths.length + ' chosen item(s)' : 'the whole snapshot'} of <span class="mono">${esc(j.restore.snapshot.slice(0, 8))}</span> into <span class="mono">${esc(j.restore.target)}</span></div>` : ''}
        <section class="card" style="margin-bottom:16px"><div class="stats"><b id="percent">${p ? p.percent.toFixed(1) : (j.state === 'succeeded' ? '100.0' : '0.0')} %</b>
          <span>Files ${p && p.files_done !== null ? p.files_done : '—'}${p && p.total_files ? ' / ' + p.total_files : ''}</span>
          <span>Data ${p ? bytes(p.bytes_done) : '—'}${p && p.total_bytes ? ' / ' + bytes(p.total_bytes) : ''}</span>
          <span>Time left ${p && p.eta_seconds !== null && j.state === 'running' ? duration(p.eta_seconds) : '—'}</span></div>
          <div class="progress"><div style="width:${p ? Math.min(100, p.percent) : (j.state === 'succeeded' ? 100 : 0)}%"></div></div>
          ${p && p.current_file ? `<div class="group mono">${esc(p.current_file)}</div>` : ''}</section>
        <h3>Log</h3><div class="log" id="log">${esc((j.log || []).join('\n')) || 'No output yet.'}</div>`));
      const cancel = $('#cancel');
      if (cancel) cancel.addEventListener('click', async () => { cancel.disabled = true; await api(`/api/jobs/${id}/cancel`, { method: 'POST' }); toast('Cancelling…'); });
    };
    draw(await api('/api/jobs/' + id));
    liveSource = new EventSource(`/api/jobs/${id}/events`);
    liveSource.onmessage = e => draw(JSON.parse(e.data));
    liveSource.onerror = () => { if (liveSource) { liveSource.close(); liveSource = null; } };
  }

  // ---------- operations ----------
  async function operations() {
    const view = currentView();
    loading(view, 'Operations');
    const repos = await api('/api/repos');
    view.replaceChildren(h(`
      <div class="head"><div><h1>Operations</h1><p class="subtitle">Maintenance over several repositories at once</p></div></div>
      <section class="card" style="max-width:720px"><h3>Repositories</h3>
      <div class="filters"><label><input type="checkbox" id="all"> All</label>${repos.map(r => `<label><input type="checkbox" name="repo" value="${esc(r.repo)}"> ${esc(r.repo)}</label>`).join('')}</div>
      <h3>Operation</h3>
      <div class="actions">
        <button class="btn secondary" data-op="unlock">Unlock</button><button class="btn secondary" data-op="check">Check</button>
        <button class="btn secondary" data-op="forget">Forget by policy</button><button class="btn secondary" data-op="prune">Prune</button>
        <button class="btn" data-op="housekeeping">Housekeeping</button></div>
      <div id="op-result" style="margin-top:14px"></div></section>`));
    $('#all').addEventListener('change', e => $$('input[name=repo]').forEach(c => { c.checked = e.target.checked; }));
    $$('[data-op]').forEach(b => b.addEventListener('click', async () => {
      const chosen = $$('input[name=repo]:checked').map(c => c.value);
      if (!chosen.length) { $('#op-result').replaceChildren(h('<div class="alert warn">Choose at least one repository.</div>')); return; }
      const started = await api('/api/jobs', { method: 'POST', body: { operation: b.dataset.op, repos: chosen } });
      $('#op-result').replaceChildren(h(`<div class="alert info">Started ${started.length} job(s): ${started.map(j => `<a href="#/jobs/${esc(j.id)}">${esc(j.operation)} on ${esc(j.repo)}</a>`).join(', ')}</div>`));
    }));
  }

  // ---------- configuration ----------
  async function config() {
    const view = currentView();
    loading(view, 'Configuration');
    const doc = await api('/api/config');
    const valueCell = v => v.secret
      ? `<span class="secret">${v.is_set ? 'set (hidden)' : 'not set'}</span> <input type="password" placeholder="new value" autocomplete="new-password" data-key="${esc(v.key)}" data-secret="1">`
      : `<input data-key="${esc(v.key)}" ${v.items ? 'data-list="1"' : ''} value="${esc(v.items ? v.items.join(', ') : (v.value ?? ''))}">`;
    const origin = o => `<span class="badge origin-${esc(o)}">${o === 'group' ? 'inherited' : o === 'merged' ? 'merged' : 'set on repo'}</span>`;
    view.replaceChildren(h(`
      <div class="head"><div><h1>Configuration</h1><p class="subtitle mono">${esc(doc.file)}</p></div></div>
      ${doc.notice ? `<div class="alert warn">${esc(doc.notice)}</div>` : ''}
      ${doc.errors.map(e => `<div class="alert error">${esc(e)}</div>`).join('')}
      ${doc.repos.map(r => `<section class="config-repo" data-repo="${esc(r.name)}"><h2>${esc(r.name)} <span class="group">${r.group ? 'inherits from group ' + esc(r.group) : 'no group'}</span></h2>
        <table><thead><tr><th>Key</th><th>Value</th><th>Origin</th><th>Line</th></tr></thead><tbody>
        ${r.values.map(v => `<tr class="config-row"><td class="mono">${esc(v.key)}</td><td>${valueCell(v)}<div class="field-error"></div></td><td>${origin(v.origin)}</td><td>${v.line}</td></tr>`).join('')}
        </tbody></table>
        ${doc.read_only ? '' : `<div class="actions save-bar"><button class="btn" data-save disabled>Save changes</button>
          <span class="group">A changed value is written on this repo (it overrides the group's). Comments in the file are kept.</span></div>`}
        <div class="save-result"></div></section>`).join('')}`));
    const valueOf = input => input.dataset.list ? input.value.split(',').map(s => s.trim()).filter(Boolean) : input.value;
    $$('input[data-key]').forEach(input => input.addEventListener('change', async () => {
      const section = input.closest('.config-repo');
      input.dataset.dirty = '1';
      const save = $('[data-save]', section); if (save) save.disabled = false;
      const answer = await api('/api/config/validate', { method: 'POST', body: { key: input.dataset.key, value: valueOf(input) } });
      const out = input.parentElement.querySelector('.field-error');
      out.textContent = answer.valid ? '' : answer.errors.join('; ');
      input.style.borderColor = answer.valid ? '#3a8a55' : '#b3372a';
    }));
    $$('[data-save]').forEach(button => button.addEventListener('click', async () => {
      const section = button.closest('.config-repo');
      const repo = section.dataset.repo;
      const edits = $$('input[data-dirty]', section).map(i => ({ section: 'repos', name: repo, key: i.dataset.key, value: valueOf(i) }));
      $$('.field-error', section).forEach(e => { e.textContent = ''; });
      button.disabled = true;
      const answer = await api('/api/config', { method: 'POST', body: { edits } });
      const result = $('.save-result', section);
      if (answer.saved) {
        toast('Saved');
        await config();
        return;
      }
      const general = [];
      for (const e of answer.errors || []) {
        const key = e.key.startsWith(`repos.${repo}.`) ? e.key.slice(`repos.${repo}.`.length) : null;
        const input = key && $$('input[data-key]', section).find(i => i.dataset.key === key);
        const text = `${e.line ? 'line ' + e.line + ': ' : ''}${e.key ? e.key + ': ' : ''}${e.message}`;
        if (input) { input.parentElement.querySelector('.field-error').textContent = text; input.style.borderColor = '#b3372a'; } else general.push(text);
      }
      result.replaceChildren(h(`<div class="alert ${answer.errors && answer.errors.length ? 'error' : 'info'}" id="save-error">${esc([...general, ...(answer.notes || [])].join(' · '))}</div>`));
      button.disabled = false;
    }));
  }

  // ---------- first run: admin password ----------
  function askPassword() {
    const back = h(`<div class="modal-back"><form class="modal" id="pw"><h2>Choose an admin password</h2>
      <p class="group">The interface is open because the launcher logged you in. Set a password for later logins (at least 8 characters).</p>
      <label for="pw1">Password</label><input id="pw1" type="password" autocomplete="new-password" required minlength="8">
      <label for="pw2">Repeat</label><input id="pw2" type="password" autocomplete="new-password" required minlength="8">
      <div id="pw-error"></div><div class="actions" style="margin-top:16px"><button class="btn" type="submit">Save password</button></div></form></div>`);
    document.body.append(back);
    $('#pw').addEventListener('submit', async e => {
      e.preventDefault();
      if ($('#pw1').value !== $('#pw2').value) { $('#pw-error').replaceChildren(h('<div class="field-error">The passwords differ.</div>')); return; }
      try {
        await api('/api/admin/password', { method: 'POST', body: { new_password: $('#pw1').value } });
        $('.modal-back').remove(); session.password_set = true; toast('Password saved');
      } catch (err) { $('#pw-error').replaceChildren(h(`<div class="field-error">${esc(err.message)}</div>`)); }
    });
  }

  async function start() {
    session = await api('/api/session');
    $('#logout input').value = session.antiforgery_token;
    window.addEventListener('hashchange', route);
    await route();
    if (!session.password_set) askPassword();
  }
  start();
})();
