import { WEBVIEW_PROTOCOL_VERSION, type ExperimentsHostToView, type ExperimentsViewState, type ExperimentsViewToHost } from '../../src/shared/protocol/webview';
import { clear, el } from '../common/dom';
import { hostChannel, onHostMessage } from '../common/vscodeApi';

const host = hostChannel<ExperimentsViewToHost>();
const root = document.getElementById('root')!;

function render(state: ExperimentsViewState): void {
  clear(root);
  if (!state.datasetReady) {
    root.append(
      el('p', {}, 'No dataset yet. Split Kaggle\'s photos into train, validation and test first.'),
      button('Prepare Dataset', () => host.post({ type: 'command', command: 'prepareDataset' })),
    );
  }
  if (state.rows.length === 0) {
    root.append(el('p', { class: 'empty' }, 'No experiments yet. Run the baseline to see it here.'), button('Open Experiment Config', () => host.post({ type: 'command', command: 'openConfig' })));
    return;
  }
  const table = el('table', { 'aria-label': 'Experiments' });
  table.append(el('tr', {}, ...['Name', 'Backbone', 'Test acc', 'Time', 'Status'].map((h) => el('th', { scope: 'col' }, h))));
  for (const row of state.rows) {
    table.append(
      el(
        'tr',
        {},
        el('td', {}, row.name),
        el('td', {}, row.backbone),
        el('td', {}, row.testAcc === undefined ? '' : `${(row.testAcc * 100).toFixed(2)}%`),
        el('td', {}, `${Math.round(row.trainSeconds)} s`),
        el('td', {}, row.status),
      ),
    );
  }
  root.append(table);
}

function button(label: string, onClick: () => void): HTMLButtonElement {
  const b = el('button', { type: 'button' }, label);
  b.addEventListener('click', onClick);
  return b;
}

onHostMessage((data) => {
  const msg = data as ExperimentsHostToView;
  if (msg?.type === 'state') render(msg.state);
});
host.post({ type: 'ready', protocolVersion: WEBVIEW_PROTOCOL_VERSION });
