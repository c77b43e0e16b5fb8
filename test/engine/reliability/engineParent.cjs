// A stand-in for the VS Code extension host: forks the engine (dist/engine.js) with an IPC channel,
// starts the job given as JSON in argv[3], and prints one line per engine event on stdout
// ("pid N" first). The test SIGKILLs this process to play a window that closes or crashes mid-run.
const { fork } = require('node:child_process');

const [enginePath, jobJson] = process.argv.slice(2);
const engine = fork(enginePath, [], {
  env: { ...process.env, CATS_DOGS_ENGINE_IPC: '1' },
  stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  serialization: 'json',
  execArgv: [],
});
process.stdout.write(`pid ${engine.pid}\n`);
engine.on('message', (event) => {
  if (event.type === 'ready') engine.send({ type: 'start', protocolVersion: event.protocolVersion, job: JSON.parse(jobJson) });
  process.stdout.write(`event ${event.type}${event.type === 'epoch' ? ` ${event.epoch}` : ''}\n`);
});
engine.on('exit', (code, signal) => process.stdout.write(`engine exit ${code} ${signal}\n`));
