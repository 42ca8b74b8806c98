// The WebGPU example (webgpu-matmul.yaml): C = A x B for n x n matrices on a compute shader, the rows of C split
// across the task's shards. Each shard checks its rows against the same product computed on the CPU; the merge puts
// the rows together in shard order and checks the whole product. The matrices hold small integers, so that every
// sum is exact in float32 and the GPU's result must equal the CPU's.
//
// Contract (docs/plan-format.md, browser tasks): run(dtf) computes one shard (dtf.shard of dtf.shards, from 0),
// merge(parts, dtf) gets the shards' results in order; dtf.check(name, passed, message) makes a test case.

const SHADER = `
  struct Dims { n: u32, rows: u32, pad0: u32, pad1: u32 }
  @group(0) @binding(0) var<uniform> dims: Dims;
  @group(0) @binding(1) var<storage, read> a: array<f32>;        // this shard's rows of A: rows x n
  @group(0) @binding(2) var<storage, read> b: array<f32>;        // B: n x n
  @group(0) @binding(3) var<storage, read_write> c: array<f32>;  // this shard's rows of C: rows x n

  @compute @workgroup_size(8, 8)
  fn main(@builtin(global_invocation_id) id: vec3<u32>) {
    let row = id.y;
    let col = id.x;
    if (row >= dims.rows || col >= dims.n) {
      return;
    }
    var sum = 0.0;
    for (var k = 0u; k < dims.n; k = k + 1u) {
      sum = sum + a[row * dims.n + k] * b[k * dims.n + col];
    }
    c[row * dims.n + col] = sum;
  }`;

const elementOfA = (i, k) => (i * 7 + k * 3) % 11 - 5;
const elementOfB = (k, j) => (k * 5 + j * 2) % 13 - 6;

/** Rows from (inclusive) to (exclusive) of shard `shard` of `shards`: as even as can be. */
function rowsOf(shard, shards, n) {
  return [Math.floor(n * shard / shards), Math.floor(n * (shard + 1) / shards)];
}

function matrix(rows, columns, element, firstRow = 0) {
  const m = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      m[i * columns + j] = element(firstRow + i, j);
    }
  }
  return m;
}

/** Rows from..to of A x B, on the CPU. */
function productOnCpu(from, to, n) {
  const c = new Float32Array((to - from) * n);
  for (let i = from; i < to; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let k = 0; k < n; k++) {
        sum += elementOfA(i, k) * elementOfB(k, j);
      }
      c[(i - from) * n + j] = sum;
    }
  }
  return c;
}

function largestDifference(x, y) {
  if (x.length !== y.length) {
    return Infinity;
  }
  let largest = 0;
  for (let i = 0; i < x.length; i++) {
    largest = Math.max(largest, Math.abs(x[i] - y[i]));
  }
  return largest;
}

function buffer(device, data, usage) {
  const b = device.createBuffer({size: Math.max(16, data.byteLength), usage, mappedAtCreation: true});
  new data.constructor(b.getMappedRange()).set(data);
  b.unmap();
  return b;
}

async function run(dtf) {
  const n = dtf.input.n;
  const [from, to] = rowsOf(dtf.shard, dtf.shards, n);
  const rows = to - from;
  if (rows === 0) {
    return {from, to, c: []};
  }
  if (!navigator.gpu) {
    throw new Error('navigator.gpu is undefined: no WebGPU in this browser');
  }
  const adapter = await navigator.gpu.requestAdapter();
  if (!adapter) {
    throw new Error('navigator.gpu.requestAdapter() gave no adapter');
  }
  const device = await adapter.requestDevice();
  try {
    const started = performance.now();
    const storage = GPUBufferUsage.STORAGE;
    const dims = buffer(device, new Uint32Array([n, rows, 0, 0]), GPUBufferUsage.UNIFORM);
    const a = buffer(device, matrix(rows, n, elementOfA, from), storage);
    const b = buffer(device, matrix(n, n, elementOfB), storage);
    const size = rows * n * 4;
    const c = device.createBuffer({size, usage: storage | GPUBufferUsage.COPY_SRC});
    const readback = device.createBuffer({size, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST});
    const module = device.createShaderModule({code: SHADER});
    const pipeline = device.createComputePipeline({layout: 'auto', compute: {module, entryPoint: 'main'}});
    const bindGroup = device.createBindGroup({layout: pipeline.getBindGroupLayout(0), entries: [
      {binding: 0, resource: {buffer: dims}}, {binding: 1, resource: {buffer: a}},
      {binding: 2, resource: {buffer: b}}, {binding: 3, resource: {buffer: c}}]});
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(Math.ceil(n / 8), Math.ceil(rows / 8));
    pass.end();
    encoder.copyBufferToBuffer(c, 0, readback, 0, size);
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const result = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    const millis = performance.now() - started;
    const difference = largestDifference(result, productOnCpu(from, to, n));
    dtf.check(`rows ${from}-${to - 1} equal the CPU's`, difference === 0, `largest difference ${difference}`);
    dtf.log(`rows ${from}-${to - 1} of ${n} on ${adapter.info ? adapter.info.architecture : 'WebGPU'} in `
        + `${millis.toFixed(1)} ms`);
    return {from, to, c: Array.from(result)};
  } finally {
    device.destroy();
  }
}

function merge(parts, dtf) {
  const n = dtf.input.n;
  const contiguous = parts.every((part, i) => part.from === (i === 0 ? 0 : parts[i - 1].to))
      && parts[parts.length - 1].to === n;
  const c = parts.flatMap(part => part.c);
  const difference = largestDifference(c, productOnCpu(0, n, n));
  dtf.check(`the ${n}x${n} product equals the CPU's`, contiguous && difference === 0,
      contiguous ? `largest difference ${difference}` : 'the shards do not cover the rows in order');
  return {n, checksum: c.reduce((sum, value) => sum + value, 0), c};
}
