// The WebNN example (webnn-matmul-add.yaml): C = A x B + bias as a WebNN graph (matmul, then add with the bias
// broadcast over the rows), checked against the same computation on the CPU. WebNN's API as Chromium 153 has it:
// createContext, MLGraphBuilder, build, createTensor, writeTensor, dispatch, readTensor.

const elementOfA = (i, k) => ((i * 3 + k * 5) % 7 - 3) / 4;
const elementOfB = (k, j) => ((k * 2 + j * 3) % 5 - 2) / 2;
const elementOfBias = j => j - 1;

function matrix(rows, columns, element) {
  const m = new Float32Array(rows * columns);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < columns; j++) {
      m[i * columns + j] = element(i, j);
    }
  }
  return m;
}

function onCpu(m, k, n) {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = elementOfBias(j);
      for (let x = 0; x < k; x++) {
        sum += elementOfA(i, x) * elementOfB(x, j);
      }
      c[i * n + j] = sum;
    }
  }
  return c;
}

// `shape` is the name of today's API, `dimensions` of earlier builds: each ignores the other
const operand = shape => ({dataType: 'float32', shape, dimensions: shape});

async function run(dtf) {
  const {m, k, n, device} = dtf.input;
  if (!navigator.ml) {
    throw new Error('navigator.ml is undefined: WebNN is off in this browser');
  }
  const context = await navigator.ml.createContext({deviceType: device});
  const builder = new MLGraphBuilder(context);
  const a = builder.input('a', operand([m, k]));
  const b = builder.constant(operand([k, n]), matrix(k, n, elementOfB));
  const bias = builder.constant(operand([n]), Float32Array.from({length: n}, (_, j) => elementOfBias(j)));
  const graph = await builder.build({c: builder.add(builder.matmul(a, b), bias)});
  const input = await context.createTensor({...operand([m, k]), writable: true});
  const output = await context.createTensor({...operand([m, n]), readable: true});
  context.writeTensor(input, matrix(m, k, elementOfA));
  context.dispatch(graph, {a: input}, {c: output});
  const c = new Float32Array(await context.readTensor(output));
  const expected = onCpu(m, k, n);
  let difference = 0;
  for (let i = 0; i < expected.length; i++) {
    difference = Math.max(difference, Math.abs(c[i] - expected[i]));
  }
  dtf.check(`matmul + add on the ${device} equals the CPU's`, c.length === expected.length && difference <= 1e-4,
      `largest difference ${difference}`);
  return {m, k, n, device, c: Array.from(c)};
}
