// Sample states for the webview harness: what the host would send mid-run, after a run, and for a
// workspace with a few experiments. Numbers are shaped like real runs, not taken from one.
const backend = { name: 'tensorflow', reason: 'fastest available', rejected: [{ name: 'tensorflow-gpu', why: 'no CUDA device' }], device: 'Intel Xeon (2 cores)' };
const curve = [
  [0.412, 0.8121, 0.2652, 0.8933],
  [0.2471, 0.8962, 0.2013, 0.9187],
  [0.1893, 0.9234, 0.1754, 0.9297],
  [0.1502, 0.9411, 0.1688, 0.9357],
  [0.1217, 0.9536, 0.1721, 0.9363],
  [0.0994, 0.9652, 0.1803, 0.9343],
  [0.0791, 0.9734, 0.1915, 0.9317],
  [0.0642, 0.9801, 0.2049, 0.93],
  [0.0517, 0.9853, 0.2203, 0.9287],
  [0.0413, 0.9899, 0.2361, 0.928],
];
const epochs = (n) => curve.slice(0, n).map(([loss, acc, valLoss, valAcc], i) => ({ epoch: i + 1, phase: 'train', loss, acc, valLoss, valAcc, seconds: 452 + (i % 3) * 7.5 }));
const base = {
  runId: '2026-11-27T10-00-00-baseline',
  runName: 'baseline',
  runDir: '/lab/experiments/runs/2026-11-27T10-00-00-baseline',
  configPath: 'experiments/baseline.json',
  batchSize: 64,
  backend,
  backbone: { architecture: 'VGG16', params: 14714688, trainableParams: 2097665, headParams: 2097665 },
  images: { train: 14000, validation: 3000, test: 3000 },
  epochsPlanned: 10,
};

export const training = {
  idle: { phase: 'idle', epochs: [], log: [] },
  running: {
    ...base,
    phase: 'running',
    startedAt: new Date(Date.now() - 3300_000).toISOString(),
    epochs: epochs(7),
    progress: { phase: 'train', done: 12, total: 219, unit: 'batches', rate: 0.48, etaSeconds: 431, epoch: 8 },
    log: ['Epoch 7/10', '219/219 - 458s - loss: 0.0791 - acc: 0.9734 - val_loss: 0.1915 - val_acc: 0.9317'],
  },
  finished: {
    ...base,
    phase: 'finished',
    status: 'completed',
    startedAt: new Date(Date.now() - 4700_000).toISOString(),
    epochs: epochs(10),
    test: { loss: 0.0712, acc: 0.9731, confusion: { labels: ['cats', 'dogs'], matrix: [[1460, 40], [41, 1459]] } },
    bestEpoch: 4,
    totalSeconds: 4621,
    log: [],
  },
  failed: {
    ...base,
    phase: 'finished',
    status: 'failed',
    epochs: epochs(2),
    totalSeconds: 950,
    error: { message: 'Out of memory while training epoch 3 (batch of 64 photos at 150x150).', hint: 'Lower training.batchSize (e.g. 32) or use a smaller input size.' },
    log: ['ERROR: Out of memory while training epoch 3'],
  },
};

const row = (o) => ({
  date: '2026-11-27T10:00:00.000Z', backbone: 'VGG16', inputSize: '150x150', pooling: 'flatten', head: '256relu-d0.5', optimizer: 'adam',
  learningRate: 1e-5, batchSize: 64, epochsPlanned: 10, epochsRun: 10, backend: 'tensorflow', device: 'Intel Xeon (2 cores)', status: 'completed',
  config: 'experiments/baseline.json', ...o, runDir: `experiments/runs/${o.runId}`,
});
const rows = [
  row({ runId: 'r01-baseline', name: 'baseline', testAcc: 0.9731, bestValAcc: 0.9363, bestEpoch: 5, testLoss: 0.0712, trainSeconds: 4621, secondsPerEpoch: 462 }),
  row({ runId: 'r02-dropout-0.3', name: 'dropout 0.3', head: '256relu-d0.3', testAcc: 0.9702, bestValAcc: 0.934, trainSeconds: 4580, date: '2026-11-27T12:00:00.000Z', config: 'experiments/dropout-0.3.json' }),
  row({ runId: 'r03-mobilenet', name: 'MobileNet 0.75', backbone: 'MobileNet(0.75)', inputSize: '224x224', pooling: 'gap', head: '', testAcc: 0.9642, bestValAcc: 0.961, trainSeconds: 610, date: '2026-11-28T09:00:00.000Z', config: 'experiments/mobilenet.json' }),
  row({ runId: 'r04-lr-1e-4', name: 'lr 1e-4', learningRate: 1e-4, testAcc: 0.9688, bestValAcc: 0.95, trainSeconds: 2300, epochsRun: 5, date: '2026-11-28T11:00:00.000Z', config: 'experiments/lr.json' }),
  row({ runId: 'r04b-lr-1e-6', name: 'lr 1e-6', learningRate: 1e-6, testAcc: 0.955, bestValAcc: 0.951, trainSeconds: 4700, date: '2026-11-28T14:00:00.000Z', config: 'experiments/lr6.json' }),
  row({ runId: 'r05-resnet', name: 'ResNet50 <b>bold?</b>', backbone: 'ResNet50', inputSize: '224x224', pooling: 'gap', testAcc: 0.9801, bestValAcc: 0.975, trainSeconds: 7200, date: '2026-11-29T09:00:00.000Z', config: 'experiments/resnet.json' }),
  row({ runId: 'r06-batch-128', name: 'batch 128', batchSize: 128, status: 'failed', epochsRun: 2, trainSeconds: 950, date: '2026-11-29T15:00:00.000Z', config: 'experiments/batch.json' }),
  row({ runId: 'r07-adamw', name: 'AdamW', optimizer: 'adamw', status: 'cancelled', epochsRun: 3, trainSeconds: 1380, date: '2026-11-30T08:00:00.000Z', config: 'experiments/adamw.json' }),
  row({ runId: 'r08-flip', name: 'augment flip', status: 'running', epochsRun: 4, trainSeconds: 1800, date: '2026-11-30T10:00:00.000Z', config: 'experiments/flip.json' }),
];
const compareCurves = [
  { runId: 'r01-baseline', epochs: epochs(10) },
  { runId: 'r02-dropout-0.3', epochs: epochs(10).map((e) => ({ ...e, valAcc: e.valAcc - 0.004, valLoss: e.valLoss + 0.01 })) },
  { runId: 'r04-lr-1e-4', epochs: epochs(5).map((e) => ({ ...e, valAcc: Math.min(0.99, e.valAcc + 0.02), valLoss: e.valLoss - 0.03 })) },
];

export const experiments = {
  empty: { rows: [], tableProblems: [], datasetReady: false, trusted: true },
  table: { rows, tableProblems: [], datasetReady: true, trusted: true, activeRunId: 'r08-flip' },
  compare: {
    rows, tableProblems: [], datasetReady: true, trusted: true, activeRunId: 'r08-flip',
    compare: {
      runIds: ['r01-baseline', 'r02-dropout-0.3', 'r04-lr-1e-4'],
      curves: compareCurves,
      diff: [
        { path: 'head.layers[0].dropout', values: { 'r01-baseline': '0.5', 'r02-dropout-0.3': '0.3', 'r04-lr-1e-4': '0.5' } },
        { path: 'training.learningRate', values: { 'r01-baseline': '0.00001', 'r02-dropout-0.3': '0.00001', 'r04-lr-1e-4': '0.0001' } },
        { path: 'training.earlyStopping.patience', values: { 'r04-lr-1e-4': '2' } },
      ],
    },
  },
  problems: { rows: rows.slice(0, 3), tableProblems: [{ line: 5, message: '3 fields where the header has 23' }, { line: 9, message: 'test_acc is "n/a", not a number' }], datasetReady: true, trusted: false },
};

/** A coloured square with a label, as a data: URI (the harness has no photos of its own). */
const swatch = (colour, text) =>
  `data:image/svg+xml,${encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="160" height="120"><rect width="160" height="120" fill="${colour}"/><text x="80" y="66" font-size="20" text-anchor="middle" fill="#fff">${text}</text></svg>`)}`;

/**
 * The misclassified test photos of training.finished, as the host sends them. With
 * CATS_DOGS_GALLERY_PHOTOS=<folder of cat.N.jpg / dog.N.jpg> the harness serves real photos instead.
 */
export function gallery(photoUrl) {
  const wrong = [
    ['dog.1042.jpg', 'dog', 'cat', 0.991],
    ['cat.2311.jpg', 'cat', 'dog', 0.974],
    ['cat.877.jpg', 'cat', 'dog', 0.93],
    ['dog.31.jpg', 'dog', 'cat', 0.88],
    ['dog.4518.jpg', 'dog', 'cat', 0.71],
    ['cat.a-very-long-file-name-that-must-not-widen-the-card-12345.jpg', 'cat', 'dog', 0.52],
  ];
  return {
    runDir: training.finished.runDir,
    tested: 3000,
    total: 81,
    photos: [
      ...wrong.map(([name, label, predicted, confidence], i) => ({
        file: `/lab/cats_vs_dogs/test/${label}s/${name}`,
        name,
        src: photoUrl?.(name, i) ?? swatch(label === 'cat' ? '#7a5c3e' : '#3e5f7a', name.split('.')[0]),
        label,
        predicted,
        confidence,
      })),
      { file: '/elsewhere/dog.9.jpg', name: 'dog.9.jpg', label: 'dog', predicted: 'cat', confidence: 0.6 },
    ],
  };
}

// Hostile strings in every field a view shows as text: a run name, paths, an error, log lines, a
// device, table problems, config values. Each must appear as text, never become markup.
export const XSS = '<img src=x onerror="window.__xss=1">';
const XSS2 = '"><svg onload="window.__xss=2"></svg>';
export const hostile = {
  training: {
    ...training.failed,
    runName: `run ${XSS}`,
    runId: `r-${XSS2}`,
    configPath: `experiments/${XSS}.json`,
    runDir: `/lab/${XSS2}`,
    backend: { ...backend, device: `GPU ${XSS}`, reason: XSS2 },
    backbone: { ...base.backbone, architecture: `VGG16 ${XSS}` },
    error: { message: `Failed: ${XSS}`, hint: `Hint ${XSS2}` },
    log: [`log ${XSS}`, XSS2],
    progress: { phase: XSS, done: 1, total: 2, unit: XSS2, message: XSS },
  },
  experiments: {
    rows: [
      row({ runId: 'r-x1', name: `run ${XSS}`, backbone: `VGG16 ${XSS2}`, head: XSS, device: XSS, config: `experiments/${XSS}.json`, testAcc: 0.9 }),
      row({ runId: 'r-x2', name: XSS2, optimizer: XSS, testAcc: 0.8 }),
    ],
    tableProblems: [{ line: 3, message: `bad cell ${XSS}` }],
    datasetReady: true,
    trusted: true,
    compare: {
      runIds: ['r-x1', 'r-x2'],
      curves: [{ runId: 'r-x1', epochs: epochs(3) }, { runId: 'r-x2', epochs: epochs(2) }],
      diff: [{ path: `head.${XSS}`, values: { 'r-x1': XSS, 'r-x2': XSS2 } }],
    },
  },
};
