// The 13-byte backend of the baseline measurements (DESIGN.md §8).
const http = require('http');
const body = Buffer.from('Hello, World!');
http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': body.length });
  res.end(body);
}).listen(Number(process.env.PORT || 9000), '0.0.0.0');
