// A web function on Node's http module only: echoes method, path, headers and body.
const http = require('http');
console.log('node web function starting');
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', c => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    console.log(`node handled ${req.method} ${req.url}`);
    const payload = JSON.stringify({ method: req.method, path: req.url, headers: req.headersDistinct, body, pid: process.pid });
    // ?sleep_ms=N answers after N ms without blocking the others (several requests an instance)
    const sleep = Number(new URL(req.url, 'http://x').searchParams.get('sleep_ms') || 0);
    setTimeout(() => {
      res.writeHead(201, { 'Content-Type': 'application/json', 'X-Function': 'node' });
      res.end(payload);
    }, sleep);
  });
}).listen(Number(process.env.PORT), '0.0.0.0');
