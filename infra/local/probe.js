#!/usr/bin/env node
// Asks a local endpoint whether it answers, and whether the answer comes from the expected emulator.
//   node probe.js <kind> <url> [timeoutMs]
//   kind: azurite-blob | azurite-queue | azurite-table | cosmos | http (any answer) | http-ok (2xx)
// Exit codes: 0 = answered and is <kind>; 2 = answered but is something else; 1 = no answer.
// Loopback only: the local Cosmos server's self-signed certificate is accepted for 127.0.0.1/localhost.
'use strict';

const http = require('node:http');
const https = require('node:https');

const [kind, rawUrl, rawTimeout] = process.argv.slice(2);
if (!kind || !rawUrl) {
  console.error('usage: node probe.js <azurite-blob|azurite-queue|azurite-table|cosmos|http|http-ok> <url> [timeoutMs]');
  process.exit(64);
}

const url = new URL(rawUrl);
const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
if (!loopback) {
  console.error(`refusing to probe non-loopback host ${url.hostname}`);
  process.exit(64);
}

const timeoutMs = Number(rawTimeout || 2000);
const client = url.protocol === 'https:' ? https : http;

const request = client.get(url, { timeout: timeoutMs, rejectUnauthorized: false }, (response) => {
  const chunks = [];
  response.on('data', (chunk) => {
    if (chunks.length < 8) chunks.push(chunk);
  });
  response.on('end', () => {
    const server = String(response.headers.server || '');
    const body = Buffer.concat(chunks).toString('utf8');
    let matches;
    switch (kind) {
      case 'azurite-blob': matches = server.startsWith('Azurite-Blob'); break;
      case 'azurite-queue': matches = server.startsWith('Azurite-Queue'); break;
      case 'azurite-table': matches = server.startsWith('Azurite-Table'); break;
      case 'cosmos': matches = response.statusCode === 200 && body.includes('databaseAccountEndpoint'); break;
      case 'http-ok': matches = response.statusCode >= 200 && response.statusCode < 300; break;
      default: matches = true;
    }
    if (!matches) {
      console.error(`answered with HTTP ${response.statusCode}${server ? ` from '${server}'` : ''}, which is not ${kind}`);
    }
    process.exit(matches ? 0 : 2);
  });
});

request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
request.on('error', (error) => {
  // A TLS or protocol failure means something answered on the port, but not the expected server.
  const answered = !['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT'].includes(error.code)
    && !/no answer within/.test(error.message);
  console.error(`${url.host}: ${error.code || error.message}`);
  process.exit(answered ? 2 : 1);
});
