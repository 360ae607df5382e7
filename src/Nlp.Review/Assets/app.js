// nlp review: the page. Document text and every other string from the server become text nodes (never markup),
// so a document containing <script> or HTML shows it as characters. Offsets are JavaScript string indices (UTF-16)
// into the original text; the text is drawn from the server's segments, one text node each, never re-joined.
'use strict';

const token = document.querySelector('meta[name="review-token"]').content;
const state = { list: null, doc: null, selected: null, head: null, span: null, focus: null, skipped: new Set(), queue: null, threshold: null };
const $ = (selector) => document.querySelector(selector);

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: { 'X-Review-Token': token, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

// Builds an element; children that are not nodes become text nodes.
function el(tag, props, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v === undefined || v === null) continue;
    if (k === 'class') e.className = v;
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k === 'style') Object.assign(e.style, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function say(text, kind) {
  const m = $('#message');
  m.textContent = text;
  m.className = kind || 'info';
  m.hidden = !text;
}

const conf = (c) => (c === null || c === undefined ? 'checked' : c.toFixed(2));

async function attempt(action, done) {
  try {
    const result = await action();
    say(done || '');
    return result;
  } catch (e) {
    say(e.message, 'error');
    return null;
  }
}

// ---- routing ----

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);
document.addEventListener('keydown', onKey);
document.addEventListener('selectionchange', () => { const s = selectedSpan(); if (s) state.span = s; });

async function route() {
  const hash = location.hash || '#/';
  const doc = /^#\/doc\/(\d+)$/.exec(hash);
  state.selected = null; state.head = null; state.span = null;
  if (doc) return showDocument(+doc[1]);
  if (hash === '#/queue') return showQueue();
  return showList();
}

// ---- document list ----

async function showList() {
  const list = await attempt(() => api('GET', '/api/documents'));
  if (!list) return;
  state.list = list;
  const labels = [...new Set(list.documents.flatMap((d) => d.labels))].sort();
  const types = [...new Set(list.documents.flatMap((d) => d.eventTypes))].sort();
  const labelFilter = el('select', { id: 'filter-label', onchange: drawRows }, el('option', { value: '' }, 'any label'), labels.map((l) => el('option', { value: l }, l)));
  const typeFilter = el('select', { id: 'filter-type', onchange: drawRows }, el('option', { value: '' }, 'any event type'), types.map((t) => el('option', { value: t }, t)));
  const sort = el('select', { id: 'sort', onchange: drawRows }, el('option', { value: 'need' }, 'most in need of review first'), el('option', { value: 'file' }, 'file order'));
  const body = el('tbody');
  function drawRows() {
    let docs = list.documents.filter((d) => (!labelFilter.value || d.labels.includes(labelFilter.value)) && (!typeFilter.value || d.eventTypes.includes(typeFilter.value)));
    if (sort.value === 'need') docs = [...docs].sort(byNeed);
    body.replaceChildren(...docs.map((d) => el('tr', { class: d.reviewed.length ? 'reviewed' : '', dataset: { index: d.index } },
      el('td', {}, el('a', { href: `#/doc/${d.index}` }, d.id)),
      el('td', {}, d.title || ''), el('td', {}, d.entities), el('td', {}, d.events), el('td', {}, d.relations),
      el('td', { class: 'lowest' }, d.lowest === null ? '—' : d.lowest.toFixed(2)),
      el('td', {}, d.reviewed.join(', ') || (d.touched ? 'in progress' : '')))));
  }
  drawRows();
  $('#main').replaceChildren(
    el('div', { class: 'bar' }, el('h1', {}, 'Documents'),
      el('span', { class: 'progress', id: 'progress' }, `${list.reviewed} / ${list.total} reviewed`),
      el('progress', { max: list.total, value: list.reviewed }),
      el('a', { href: '#/queue', id: 'queue-link' }, 'Queue mode'), el('kbd', {}, 'q')),
    el('p', {}, `${list.predictions} → corrections saved to ${list.corrections}`, list.reviewer ? ` (reviewer ${list.reviewer})` : ''),
    el('div', { class: 'bar' }, labelFilter, typeFilter, sort),
    el('table', { class: 'documents' }, el('thead', {}, el('tr', {}, ['document', 'title', 'entities', 'events', 'relations', 'lowest confidence', 'reviewed'].map((h) => el('th', {}, h)))), body));
}

// Reviewed documents last; among the others the lowest calibrated confidence first.
function byNeed(a, b) {
  if (!!a.reviewed.length !== !!b.reviewed.length) return a.reviewed.length ? 1 : -1;
  const x = a.lowest === null ? 2 : a.lowest, y = b.lowest === null ? 2 : b.lowest;
  return x - y || a.index - b.index;
}

// ---- document view ----

async function showDocument(index) {
  const doc = await attempt(() => api('GET', `/api/documents/${index}`));
  if (doc) drawDocument(doc);
  if (doc && state.focus) { select(state.focus); state.focus = null; }
}

function drawDocument(doc) {
  state.doc = doc;
  const schema = doc.schema;
  const legend = el('div', { class: 'bar legend', id: 'legend' }, schema.entityLabels.map((l) =>
    el('button', { dataset: { label: l.label }, style: { background: l.color }, title: l.key ? `key ${l.key}` : '', onclick: () => applyLabel(l.label) },
      l.key ? el('kbd', {}, l.key) : null, ' ', l.label)));
  const eventType = el('select', { id: 'event-type' }, Object.keys(schema.eventRoles).map((t) => el('option', { value: t }, t)));
  const relationType = el('select', { id: 'relation-type' }, Object.keys(schema.relations).map((t) => el('option', { value: t }, t)));
  const layers = ['entities', 'events', 'relations'].map((layer) =>
    el('label', {}, el('input', { type: 'checkbox', class: 'layer', value: layer, onchange: setReviewed, ...(doc.reviewed.includes(layer) ? { checked: '' } : {}) }), ' ', layer));
  $('#main').replaceChildren(
    el('div', { class: 'bar' },
      el('a', { href: '#/', id: 'back' }, '← documents'),
      el('h1', {}, doc.id), doc.title ? el('span', {}, doc.title) : null),
    el('div', { class: 'bar' },
      el('button', { id: 'undo', onclick: undo, ...(doc.canUndo ? {} : { disabled: '' }) }, 'Undo ', el('kbd', {}, 'z')),
      el('button', { id: 'save', onclick: save }, 'Save ', el('kbd', {}, 's')),
      'reviewed:', layers,
      el('button', { id: 'mark-reviewed', onclick: markAllReviewed }, 'All layers reviewed ', el('kbd', {}, 'm'))),
    legend,
    el('div', { class: 'bar' },
      eventType, el('button', { id: 'add-event', onclick: addEvent }, 'Add event on selection ', el('kbd', {}, 'e')),
      relationType, el('button', { id: 'start-relation', onclick: startRelation }, 'Relation from selected entity ', el('kbd', {}, 'r'))),
    el('div', { class: 'layout' },
      el('div', {}, drawText(doc)),
      el('div', {}, el('div', { id: 'details' }), el('h3', {}, 'Events'), el('div', { id: 'events' }, doc.events.map(drawEvent)),
        el('h3', {}, 'Relations'), el('ul', { id: 'relations' }, doc.relations.map(drawRelation)))));
  showSelected();
}

function drawText(doc) {
  const pieces = doc.segments.map((s) => {
    const text = doc.text.slice(s.start, s.end);
    if (!s.entities.length && !s.triggers.length) return el('span', { class: 'seg', dataset: { start: s.start, end: s.end } }, text);
    const entities = s.entities.map((i) => doc.entities[i]);
    const inner = [...entities].sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
    const title = entities.map((e) => `${e.label} ${conf(e.confidence)}`).concat(s.triggers.map((i) => `${doc.events[i].type} trigger ${conf(doc.events[i].confidence)}`)).join('; ');
    return el('span', {
      class: `seg${entities.length ? ' ent' : ''}${s.triggers.length ? ' trigger' : ''}`,
      dataset: { start: s.start, end: s.end, entities: s.entities.join(' '), triggers: s.triggers.join(' ') },
      style: inner ? { background: inner.color } : null, title,
      onclick: (event) => clickSegment(event, s, inner),
    }, text);
  });
  return el('div', { id: 'text' }, pieces);
}

function drawEvent(ev) {
  const roles = state.doc.schema.eventRoles[ev.type] || [];
  return el('div', { class: 'card event-card', dataset: { index: ev.index }, onclick: (e) => { if (e.target === e.currentTarget || e.target.tagName === 'B') select({ kind: 'event', index: ev.index }); } },
    el('b', {}, ev.type), ' “', ev.text, '” ', el('span', { class: 'conf' }, conf(ev.confidence)),
    el('div', {},
      el('select', { class: 'event-type', onchange: (e) => edit({ op: 'set-event-type', index: ev.index, type: e.target.value }) },
        Object.keys(state.doc.schema.eventRoles).map((t) => el('option', { value: t, ...(t === ev.type ? { selected: '' } : {}) }, t))),
      el('button', { class: 'accept', onclick: () => edit({ op: 'accept', kind: 'event', index: ev.index }) }, 'accept'),
      el('button', { class: 'delete', onclick: () => edit({ op: 'delete-event', index: ev.index }) }, 'delete')),
    el('ul', {}, ev.arguments.map((a) => el('li', { class: 'argument', title: `confidence ${conf(a.confidence)}` },
      a.role, ': ', a.text, ' ', el('span', { class: 'conf' }, conf(a.confidence)), ' ',
      el('button', { class: 'delete-argument', title: 'delete argument', onclick: () => edit({ op: 'delete-argument', index: ev.index, argument: a.index }) }, '×')))),
    el('div', {},
      el('select', { class: 'arg-role' }, roles.map((r) => el('option', { value: r }, r))),
      el('button', { class: 'add-argument', onclick: (e) => addArgument(ev.index, e.target.closest('.card').querySelector('.arg-role').value) }, 'add argument from selection')));
}

function drawRelation(r) {
  return el('li', { class: 'relation', dataset: { index: r.index }, onclick: (e) => { if (e.target.tagName !== 'BUTTON') select({ kind: 'relation', index: r.index }); } },
    r.head.text, ' → ', el('b', {}, r.type), ' → ', r.tail.text, ' ', el('span', { class: 'conf' }, conf(r.confidence)), ' ',
    el('button', { class: 'accept', onclick: () => edit({ op: 'accept', kind: 'relation', index: r.index }) }, 'accept'),
    el('button', { class: 'delete', onclick: () => edit({ op: 'delete-relation', index: r.index }) }, 'delete'));
}

// Offset in the original text of a point of the DOM selection inside #text.
function offsetOf(node, offset) {
  const text = $('#text');
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement.closest('.seg');
    return seg && text.contains(seg) ? +seg.dataset.start + offset : null;
  }
  if (node === text) return offset >= text.childNodes.length ? state.doc.text.length : +text.childNodes[offset].dataset.start;
  const seg = node.closest && node.closest('.seg');
  if (!seg) return null;
  return offset === 0 ? +seg.dataset.start : +seg.dataset.end;
}

// The selected text as a span, without white space at its edges (the format's rule), or null.
function selectedSpan() {
  const sel = window.getSelection();
  const text = $('#text');
  if (!text || !sel.rangeCount || sel.isCollapsed) return null;
  const r = sel.getRangeAt(0);
  if (!text.contains(r.startContainer) || !text.contains(r.endContainer)) return null;
  let s = offsetOf(r.startContainer, r.startOffset), e = offsetOf(r.endContainer, r.endOffset);
  if (s === null || e === null) return null;
  if (s > e) [s, e] = [e, s];
  const t = state.doc.text;
  while (s < e && /\s/.test(t[s])) s++;
  while (e > s && /\s/.test(t[e - 1])) e--;
  return e > s ? { start: s, end: e } : null;
}

function takeSpan() {
  const span = selectedSpan() || state.span;
  if (!span) say('select some text first', 'error');
  return span;
}

function clickSegment(event, segment, inner) {
  if (!window.getSelection().isCollapsed) return; // the end of a text selection, not a click on an item
  event.stopPropagation();
  state.span = null;
  if (state.head !== null && inner) {
    const head = state.head;
    state.head = null;
    edit({ op: 'add-relation', type: $('#relation-type').value, head, tail: inner.index });
    return;
  }
  if (inner) select({ kind: 'entity', index: inner.index });
  else if (segment.triggers.length) select({ kind: 'event', index: segment.triggers[0] });
}

function select(item) {
  state.selected = item;
  showSelected();
}

// Marks the selected item, highlights all its spans, and shows what can be done with it.
function showSelected() {
  const doc = state.doc, item = state.selected;
  document.querySelectorAll('#text .hl, #text .selected, .card.selected').forEach((e) => e.classList.remove('hl', 'selected'));
  const details = $('#details');
  if (!item) { details.replaceChildren(el('p', { class: 'conf' }, 'Select text and press a label key to add an entity; click an entity, trigger, event or relation to select it.')); return; }
  let spans = [];
  if (item.kind === 'entity') {
    const e = doc.entities[item.index];
    spans = [e];
    details.replaceChildren(el('div', { class: 'card', id: 'selected-entity' },
      el('b', {}, e.label), ' “', e.text, '” ', el('span', { class: 'conf' }, conf(e.confidence)),
      el('div', {}, 'relabel with a label key or a legend button'),
      el('button', { class: 'accept', onclick: () => edit({ op: 'accept', kind: 'entity', index: e.index }) }, 'accept ', el('kbd', {}, 'a')),
      el('button', { id: 'delete-entity', onclick: () => edit({ op: 'delete-entity', index: e.index }) }, 'delete ', el('kbd', {}, 'x'))));
  } else if (item.kind === 'event') {
    const ev = doc.events[item.index];
    spans = [ev, ...ev.arguments];
    details.replaceChildren();
    document.querySelector(`.event-card[data-index="${item.index}"]`)?.classList.add('selected');
  } else if (item.kind === 'relation') {
    const r = doc.relations[item.index];
    spans = [r.head, r.tail];
    details.replaceChildren();
  }
  for (const seg of document.querySelectorAll('#text .seg'))
    if (spans.some((s) => +seg.dataset.start >= s.start && +seg.dataset.end <= s.end))
      seg.classList.add(item.kind === 'entity' ? 'selected' : 'hl');
}

// ---- edits ----

async function edit(request, index) {
  const doc = index ?? state.doc.index;
  const result = await attempt(() => api('POST', `/api/documents/${doc}/edits`, request));
  if (!result) return false;
  say(result.warnings.length ? `done; ${result.warnings.join('; ')}` : 'saved');
  if (state.doc && state.doc.index === doc && location.hash.startsWith('#/doc/')) {
    const keep = request.op === 'relabel-entity' || request.op === 'accept' || request.op === 'set-event-type' || request.op.endsWith('argument');
    if (!keep) state.selected = null;
    drawDocument(result.document);
  }
  window.getSelection().removeAllRanges();
  state.span = null;
  return true;
}

function applyLabel(label) {
  const span = selectedSpan() || state.span;
  if (span) return edit({ op: 'add-entity', start: span.start, end: span.end, label });
  if (state.selected?.kind === 'entity') return edit({ op: 'relabel-entity', index: state.selected.index, label });
  say('select some text or an entity first', 'error');
}

function addEvent() {
  const span = takeSpan();
  if (span) edit({ op: 'add-event', start: span.start, end: span.end, type: $('#event-type').value })
    .then((ok) => { if (ok) select({ kind: 'event', index: state.doc.events.length - 1 }); });
}

function addArgument(index, role) {
  const span = takeSpan();
  if (span) edit({ op: 'add-argument', index, role, start: span.start, end: span.end }).then((ok) => { if (ok) select({ kind: 'event', index }); });
}

function startRelation() {
  if (state.selected?.kind !== 'entity') { say('select the head entity first, then press r and click the tail', 'error'); return; }
  state.head = state.selected.index;
  say(`head: “${state.doc.entities[state.head].text}”; now click the tail entity (${$('#relation-type').value})`);
}

function deleteSelected() {
  const item = state.selected;
  if (!item) return;
  const op = { entity: 'delete-entity', event: 'delete-event', relation: 'delete-relation' }[item.kind];
  edit({ op, index: item.index });
}

async function undo() {
  const result = await attempt(() => api('POST', `/api/documents/${state.doc.index}/undo`), 'undone');
  if (result) { state.selected = null; drawDocument(result.document); }
}

async function save() {
  const result = await attempt(() => api('POST', '/api/save'));
  if (result) say(`saved ${result.documents} documents to ${result.saved}`);
}

async function setReviewed() {
  const layers = [...document.querySelectorAll('input.layer:checked')].map((e) => e.value);
  const result = await attempt(() => api('POST', `/api/documents/${state.doc.index}/reviewed`, { layers }), `reviewed: ${layers.join(', ') || 'none'}`);
  if (result) drawDocument(result.document);
}

function markAllReviewed() {
  document.querySelectorAll('input.layer').forEach((e) => { e.checked = true; });
  setReviewed();
}

// ---- queue mode ----

async function showQueue() {
  const threshold0 = state.threshold === null ? '' : `&threshold=${state.threshold}`;
  const queue = await attempt(() => api('GET', `/api/queue?limit=${state.skipped.size + 50}${threshold0}`));
  if (!queue) return;
  state.queue = queue;
  state.threshold = queue.threshold;
  const items = queue.items.filter((i) => !state.skipped.has(keyOf(i)));
  const left = queue.total - (queue.items.length - items.length);
  const item = items[0];
  const threshold = el('input', { id: 'threshold', type: 'number', min: 0, max: 1, step: 0.05, value: queue.threshold,
    onchange: (e) => { state.threshold = +e.target.value; showQueue(); } });
  $('#main').replaceChildren(
    el('div', { class: 'bar' }, el('a', { href: '#/' }, '← documents'), el('h1', {}, 'Queue'),
      el('span', { class: 'progress', id: 'remaining' }, `${left} left below `), threshold),
    item ? el('div', { class: 'queue-item', id: 'queue-item', dataset: { kind: item.kind, document: item.document } },
      el('div', {}, el('b', {}, item.kind), ' ', el('span', { id: 'queue-what' }, item.what), ' ', el('span', { class: 'conf' }, item.confidence.toFixed(2)), ' in ', item.documentId),
      el('div', { class: 'context' }, item.before, el('mark', {}, item.text), item.after),
      el('div', {},
        el('button', { id: 'queue-accept', onclick: () => decide('accept') }, 'accept ', el('kbd', {}, 'a')),
        el('button', { id: 'queue-reject', onclick: () => decide('reject') }, 'reject ', el('kbd', {}, 'x')),
        el('button', { id: 'queue-fix', onclick: fix }, 'fix in the document ', el('kbd', {}, 'f')),
        el('button', { id: 'queue-skip', onclick: skip }, 'skip ', el('kbd', {}, 'n')),
        el('button', { id: 'queue-undo', onclick: undoQueue }, 'undo ', el('kbd', {}, 'z'))))
      : el('p', { id: 'queue-done' }, 'Nothing left below this confidence.', ' ', el('button', { id: 'queue-undo', onclick: undoQueue }, 'undo ', el('kbd', {}, 'z'))));
}

const keyOf = (i) => `${i.document}:${i.kind}:${i.index}:${i.argument}:${i.what}:${i.text}`;
const currentItem = () => state.queue?.items.find((i) => !state.skipped.has(keyOf(i)));

async function decide(op) {
  const item = currentItem();
  if (!item) return;
  if (await edit({ op, kind: item.kind, index: item.index, argument: item.argument }, item.document)) showQueue();
}

function skip() {
  const item = currentItem();
  if (item) { state.skipped.add(keyOf(item)); showQueue(); }
}

function fix() {
  const item = currentItem();
  if (!item) return;
  state.focus = { kind: item.kind === 'argument' ? 'event' : item.kind, index: item.index };
  location.hash = `#/doc/${item.document}`;
}

async function undoQueue() {
  if (await attempt(() => api('POST', '/api/undo'), 'undone')) showQueue();
}

// ---- keyboard ----

function onKey(event) {
  if (event.target.closest && event.target.closest('input, select, textarea')) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const key = event.key;
  const hash = location.hash || '#/';
  if (hash === '#/queue') {
    const actions = { a: () => decide('accept'), Enter: () => decide('accept'), x: () => decide('reject'), Delete: () => decide('reject'), f: fix, n: skip, ' ': skip, z: undoQueue, Escape: () => { location.hash = '#/'; } };
    if (actions[key]) { event.preventDefault(); actions[key](); }
    return;
  }
  if (!hash.startsWith('#/doc/')) {
    if (key === 'q') location.hash = '#/queue';
    return;
  }
  if (!$('#text') || state.doc?.index !== +hash.slice('#/doc/'.length)) return; // the document is still loading
  const label = state.doc.schema.entityLabels.find((l) => l.key === key);
  if (label) { event.preventDefault(); applyLabel(label.label); return; }
  const actions = {
    e: addEvent, r: startRelation, z: undo, s: save, m: markAllReviewed, x: deleteSelected, Delete: deleteSelected,
    a: () => acceptSelected(), Enter: () => acceptSelected(),
    Escape: () => { state.selected = null; state.head = null; state.span = null; window.getSelection().removeAllRanges(); say(''); showSelected(); },
    q: () => { location.hash = '#/queue'; },
  };
  if (actions[key]) { event.preventDefault(); actions[key](); }
}

function acceptSelected() {
  const item = state.selected;
  if (item) edit({ op: 'accept', kind: item.kind, index: item.index });
}
