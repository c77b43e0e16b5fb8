import { WEBVIEW_PROTOCOL_VERSION, type TrainingHostToView, type TrainingViewToHost } from '../../src/shared/protocol/webview';
import { clear, el } from '../common/dom';
import { hostChannel, onHostMessage } from '../common/vscodeApi';

const host = hostChannel<TrainingViewToHost>();
const root = document.getElementById('root')!;

onHostMessage((data) => {
  const msg = data as TrainingHostToView;
  if (msg?.type !== 'state') return;
  clear(root);
  root.append(el('h1', {}, msg.state.runName ?? 'Training'), el('p', {}, msg.state.phase));
});
host.post({ type: 'ready', protocolVersion: WEBVIEW_PROTOCOL_VERSION });
