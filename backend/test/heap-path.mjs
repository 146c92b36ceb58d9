// Prints what keeps an object alive in a V8 heap snapshot: the shortest chain of strong
// references from the snapshot's root to the object that holds a property named `marker`
// (`node heap-path.mjs <file.heapsnapshot> <marker>`). Weak references and WeakMap entries
// (ephemerons) are skipped, as the garbage collector skips them. Run in a process of its own: a
// snapshot takes several times its size in memory to read.
import { readFileSync } from 'node:fs';

const [file, marker] = process.argv.slice(2);
const snapshot = JSON.parse(readFileSync(file, 'utf8'));
const { meta } = snapshot.snapshot;
const { nodes, edges, strings } = snapshot;
const NODE_FIELDS = meta.node_fields.length;
const EDGE_FIELDS = meta.edge_fields.length;
const nodeName = meta.node_fields.indexOf('name');
const nodeType = meta.node_fields.indexOf('type');
const edgeCount = meta.node_fields.indexOf('edge_count');
const edgeType = meta.edge_fields.indexOf('type');
const edgeName = meta.edge_fields.indexOf('name_or_index');
const edgeTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const count = nodes.length / NODE_FIELDS;

const firstEdge = new Uint32Array(count + 1);
for (let i = 0, e = 0; i < count; i++) {
  firstEdge[i] = e;
  e += nodes[i * NODE_FIELDS + edgeCount] * EDGE_FIELDS;
  firstEdge[i + 1] = e;
}
const label = (e) => {
  const type = edgeTypes[edges[e + edgeType]];
  const name =
    type === 'element' || type === 'hidden' ? edges[e + edgeName] : strings[edges[e + edgeName]];
  return { type, name: String(name) };
};

// Breadth first from the root, so the chain printed is a shortest one.
const parentEdge = new Int32Array(count).fill(-1);
const seen = new Uint8Array(count);
const queue = new Uint32Array(count);
let head = 0;
let tail = 0;
queue[tail++] = 0;
seen[0] = 1;
const targets = [];
while (head < tail) {
  const node = queue[head++];
  for (let e = firstEdge[node]; e < firstEdge[node + 1]; e += EDGE_FIELDS) {
    const { type, name } = label(e);
    if (type === 'property' && name === marker) targets.push(node);
    if (type === 'weak' || type === 'shortcut') continue;
    if (type === 'internal' && name.includes('part of key')) continue;
    const to = edges[e + edgeTo] / NODE_FIELDS;
    if (seen[to]) continue;
    seen[to] = 1;
    parentEdge[to] = e;
    queue[tail++] = to;
  }
}

const nodeOf = (e) => {
  // The node an edge starts from: the one whose edge range holds it.
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (firstEdge[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  while (firstEdge[lo + 1] <= e) lo++;
  return lo;
};
if (targets.length === 0) console.log(`nothing strongly reachable holds "${marker}"`);
for (const target of targets) {
  const chain = [];
  for (let node = target; node !== 0;) {
    const e = parentEdge[node];
    const { type, name } = label(e);
    const from = nodeOf(e);
    const kind = nodeTypes[nodes[from * NODE_FIELDS + nodeType]];
    chain.push(
      `${kind} ${String(strings[nodes[from * NODE_FIELDS + nodeName]]).slice(0, 60)} -[${type} ${name.slice(0, 40)}]->`,
    );
    node = from;
  }
  console.log(chain.reverse().join('\n'));
}
