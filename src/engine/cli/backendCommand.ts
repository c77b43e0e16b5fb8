/** `cats-dogs backend`: which TensorFlow.js backend this machine would use, and why not the others. */
import { BACKENDS, type BackendChoice, type BackendReport } from '../../shared/protocol/engine';
import { EngineError } from '../errors';
import { backendCapabilities, selectBackend } from '../tf/backends';

export const BACKEND_USAGE = `Usage: cats-dogs backend [--backend NAME] [--workspace DIR] [--software-gpu] [--json]

Selects a backend as a training run would and prints the report.
  --backend NAME    auto (default), ${BACKENDS.join(', ')}
  --workspace DIR   where to look for @tensorflow/tfjs-node(-gpu) first (default: the current folder)
  --software-gpu    let WebGPU use Mesa's llvmpipe through OpenGL (for tests; same as CATS_DOGS_WEBGPU_SOFTWARE=1)
  --json            print the report as JSON`;

export async function runBackendCommand(args: string[]): Promise<number> {
  let choice: BackendChoice = 'auto';
  let workspaceDir = process.cwd();
  let software: boolean | undefined;
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--backend' && args[i + 1]) choice = args[++i] as BackendChoice;
    else if (arg === '--workspace' && args[i + 1]) workspaceDir = args[++i];
    else if (arg === '--software-gpu') software = true;
    else if (arg === '--json') json = true;
    else {
      process.stderr.write(`${arg === '--help' || arg === '-h' ? '' : `cats-dogs backend: unknown option "${arg}".\n\n`}${BACKEND_USAGE}\n`);
      return arg === '--help' || arg === '-h' ? 0 : 2;
    }
  }
  let report: BackendReport;
  try {
    report = await selectBackend(choice, { workspaceDir, webgpu: software ? { software } : undefined });
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    process.stderr.write(`cats-dogs: ${err.message}\n${err.hint ? `hint: ${err.hint}\n` : ''}`);
    return 1;
  }
  process.stdout.write(json ? JSON.stringify({ ...report, capabilities: backendCapabilities(report.name) }, null, 2) + '\n' : formatReport(report));
  return 0;
}

export function formatReport(report: BackendReport): string {
  const caps = backendCapabilities(report.name);
  const lines = [`backend  ${report.name}: ${report.reason}`, `device   ${report.device}`];
  if (!caps.convGradients) lines.push('limits   no convolution gradients: only layers after the backbone can be trained');
  if (caps.maxStorageBufferBytes) lines.push(`limits   largest GPU buffer binding ${Math.floor(caps.maxStorageBufferBytes / 2 ** 20)} MiB`);
  for (const r of report.rejected) lines.push(`not used ${r.name.padEnd(15)} ${r.why}`);
  return lines.join('\n') + '\n';
}
