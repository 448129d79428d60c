#!/usr/bin/env node
// Starts the local Cosmos server (@vercel/cosmosdb-server) on 127.0.0.1 with HTTP keep-alive on. Its own CLI leaves
// keep-alive off and answers every request with "connection: close", so each SDK call paid a new TLS handshake on
// both sides (most of the hub's CPU under load).
//
//   node infra/local/cosmos-server.js -p 8081 --host 127.0.0.1
"use strict";
const { createHttpsServer } = require("@vercel/cosmosdb-server");

const args = { port: 8081, host: "127.0.0.1" };
const argv = process.argv.slice(2);
while (argv.length) {
  const key = argv.shift();
  if (key === "-p" || key === "--port") args.port = parseInt(argv.shift(), 10);
  else if (key === "--host") args.host = argv.shift();
  else {
    console.error(`unknown option ${key}`);
    process.exit(2);
  }
}

const server = createHttpsServer({ keepAlive: true });
// Node closes idle keep-alive sockets after 5 s by default; clients pool for longer.
server.keepAliveTimeout = 120000;
server.headersTimeout = 125000;
server.listen(args.port, args.host, () => {
  console.log(`Ready to accept HTTPS connections at ${args.host}:${args.port} (keep-alive)`);
});
for (const signal of ["SIGTERM", "SIGINT"]) {
  process.on(signal, () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  });
}
