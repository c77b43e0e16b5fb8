/**
 * The TensorFlow.js backends the benchmark compares in one process: the one selected (--backend, or
 * the best available), plus wasm and cpu, plus WebGPU on a software renderer when asked (slow: for
 * checking the path, not for speed). Models stay where they were built; tfjs moves their weights to
 * whichever backend runs them.
 */
import type { BackendChoice, BackendReport } from '../../shared/protocol/engine';
import { backendCapabilities, selectBackend } from '../tf/backends';
import { bundledTf, tf } from '../tf/tf';
import { activateWasm } from '../tf/wasm';

export interface BenchBackends {
  report: BackendReport;
  /** tfjs backend names to measure, the selected one first. */
  names: string[];
  /** Why a backend is not measured. */
  notMeasured: Record<string, string>;
  /** Makes `name` the active backend. */
  use(name: string): Promise<void>;
  /** Back to the selected backend. */
  restore(): Promise<void>;
}

export async function prepareBackends(choice: BackendChoice, opts: { softwareGpu: boolean; log: (m: string) => void }): Promise<BenchBackends> {
  const report = await selectBackend(choice, { log: process.env.CATS_DOGS_DEBUG ? opts.log : undefined, webgpu: opts.softwareGpu ? { software: true } : undefined });
  const primary = backendCapabilities(report.name).tfName;
  const names = [primary];
  const notMeasured: Record<string, string> = {};
  const native = tf() !== bundledTf();
  if (primary !== 'wasm') {
    if (native) notMeasured.wasm = 'the native TensorFlow package replaces the bundled tfjs, which wasm runs in';
    else {
      try {
        await activateWasm();
        names.push('wasm');
      } catch (err) {
        notMeasured.wasm = err instanceof Error ? err.message : String(err);
      }
    }
  }
  if (primary !== 'cpu') names.push('cpu');
  if (primary !== 'webgpu') {
    if (!opts.softwareGpu) notMeasured.webgpu = report.rejected.find((r) => r.name === 'webgpu')?.why ?? 'not selected (--backend webgpu, or --software-gpu for the software renderer)';
    else if (native) notMeasured.webgpu = 'the native TensorFlow package replaces the bundled tfjs, which webgpu runs in';
    else {
      try {
        await selectBackend('webgpu', { webgpu: { software: true } });
        names.push('webgpu');
      } catch (err) {
        notMeasured.webgpu = err instanceof Error ? err.message : String(err);
      }
    }
  }
  const use = async (name: string): Promise<void> => {
    if (!(await tf().setBackend(name))) throw new Error(`tfjs could not switch to its ${name} backend`);
  };
  await use(primary);
  return { report, names, notMeasured, use, restore: () => use(primary) };
}

