// Shell: sign-in, navigation and hash routing. Each view exports render(container, route) and may return a
// cleanup function (timers, charts) called when the route changes.
import { clearKey, get, getKey, MANAGEMENT, setKey, setUnauthorizedHandler } from './api.js';
import { clear, h, parseHash, problemBox } from './dom.js';
import * as dashboard from './views/dashboard.js';
import * as instances from './views/instances.js';
import * as instance from './views/instance.js';
import * as orders from './views/orders.js';
import * as order from './views/order.js';
import * as exceptions from './views/exceptions.js';
import * as connectors from './views/connectors.js';
import * as inventory from './views/inventory.js';

const routes = [
  { pattern: /^\/dashboard$/, view: dashboard, nav: 'dashboard', title: 'Dashboard' },
  { pattern: /^\/instances$/, view: instances, nav: 'instances', title: 'Instances' },
  { pattern: /^\/instances\/(.+)$/, view: instance, nav: 'instances', title: 'Instance' },
  { pattern: /^\/orders$/, view: orders, nav: 'orders', title: 'Orders' },
  { pattern: /^\/orders\/(.+)$/, view: order, nav: 'orders', title: 'Order' },
  { pattern: /^\/exceptions$/, view: exceptions, nav: 'exceptions', title: 'Exceptions' },
  { pattern: /^\/connectors$/, view: connectors, nav: 'connectors', title: 'Connectors' },
  { pattern: /^\/inventory$/, view: inventory, nav: 'inventory', title: 'Inventory' },
];

const view = document.getElementById('view');
const login = document.getElementById('login');
const nav = document.getElementById('nav');
const signOut = document.getElementById('sign-out');
let cleanup = null;
let generation = 0;

function showLogin(message) {
  if (cleanup) cleanup();
  cleanup = null;
  clear(view);
  nav.hidden = true;
  signOut.hidden = true;
  login.hidden = false;
  const error = document.getElementById('login-error');
  clear(error);
  if (message) error.appendChild(h('div', { class: 'alert error' }, message));
  document.getElementById('api-key').focus();
}

async function route() {
  if (!getKey()) {
    showLogin();
    return;
  }
  login.hidden = true;
  nav.hidden = false;
  signOut.hidden = false;
  const { path, params } = parseHash();
  const match = routes.map((r) => ({ r, m: r.pattern.exec(path) })).find((x) => x.m);
  if (!match) {
    location.hash = '#/dashboard';
    return;
  }
  if (cleanup) cleanup();
  cleanup = null;
  const current = ++generation;
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.route === match.r.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${match.r.title} · OmniHub monitor`;
  clear(view);
  const container = h('div', { class: 'view', dataset: { view: match.r.nav } });
  view.appendChild(container);
  try {
    const segment = match.m[1] ? decodeURIComponent(match.m[1]) : undefined;
    const result = await match.r.view.render(container, { path, params, id: segment, isCurrent: () => current === generation });
    if (current === generation) cleanup = typeof result === 'function' ? result : null;
    else if (typeof result === 'function') result();
  } catch (error) {
    if (current === generation) container.appendChild(problemBox(error));
  }
}

document.getElementById('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = document.getElementById('api-key');
  const key = input.value.trim();
  if (!key) return;
  const error = document.getElementById('login-error');
  clear(error);
  try {
    await get(`${MANAGEMENT}/instances`, { query: { top: 1 }, key });
  } catch (failure) {
    if (failure.status === 401 || failure.status === 403) {
      error.appendChild(h('div', { class: 'alert error' }, 'The hub rejected this key.'));
      return;
    }
    if (failure.status === 0) {
      error.appendChild(problemBox(failure));
      return;
    }
  }
  setKey(key);
  input.value = '';
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/dashboard';
  route();
});

signOut.addEventListener('click', () => {
  clearKey();
  showLogin();
});

setUnauthorizedHandler(() => {
  clearKey();
  showLogin('The hub no longer accepts the key (401). Sign in again.');
});

window.addEventListener('hashchange', route);
route();
