// Baseline for time to console, run as its own process: a bare Socket.IO server on 127.0.0.1
// (no auth, no database, no Redis adapter). Each POST /emit broadcasts its JSON body as
// `case.created` to every connected socket and answers with the body's case reference, so the
// load generator measures it exactly as it measures the real server.
// Usage: node bench/baseline-broadcast.mjs <port>
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2]);
const http = createServer((req, res) => {
  if (req.method !== 'POST' || req.url !== '/emit') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let payload;
    try {
      payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      res.writeHead(400).end();
      return;
    }
    io.to('operators').emit('case.created', payload);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ reference: payload?.case?.reference ?? null }));
  });
});
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  void socket.join('operators');
  socket.emit('sync.resumed', { seq: 0, replayed: 0 });
});
http.listen(port, '127.0.0.1', () => console.log(`ready ${port}`));
const stop = () => {
  void io.close();
  http.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
