/** The gallery of misclassified test photos under the confusion matrix: worst first, click to open. */
import type { MisclassifiedGallery, TrainingViewToHost } from '../../src/shared/protocol/webview';
import { el, icon } from '../common/dom';
import { integer, percent } from '../common/format';
import { t } from '../common/i18n';

/** Cards shown at first: two rows or so, so the charts stay near; the rest on request. */
const FIRST_SHOWN = 12;

const className = (c: 'cat' | 'dog') => t(c === 'cat' ? 'class.cats' : 'class.dogs');

export function galleryContent(gallery: MisclassifiedGallery, post: (m: TrainingViewToHost) => void): HTMLElement[] {
  const heading = el('h2', {}, t('gallery.heading'));
  if (gallery.problem) return [heading, el('p', { class: 'muted' }, t('gallery.problem', gallery.problem))];
  if (gallery.total === 0) return [heading, el('p', {}, t('gallery.none', integer(gallery.tested)))];
  const summary = [t('gallery.summary', integer(gallery.total), integer(gallery.tested))];
  if (gallery.photos.length < gallery.total) summary.push(t('gallery.showing', integer(gallery.photos.length)));
  if (gallery.photos.some((p) => !p.src)) summary.push(t('gallery.outside'));
  const card = (photo: MisclassifiedGallery['photos'][number]) => {
    const verdict = t('gallery.predicted', className(photo.predicted), percent(photo.confidence, 1));
    const actual = t('gallery.actual', className(photo.label));
    const picture = photo.src ? el('img', { src: photo.src, alt: '', loading: 'lazy' }) : el('div', { class: 'no-photo' }, icon('file-media'));
    const button = el(
      'button',
      { type: 'button', class: 'photo', title: `${photo.name}: ${verdict}; ${actual}`, 'aria-label': t('gallery.open', photo.name, verdict, actual) },
      picture,
      el('span', { class: 'verdict' }, verdict),
      el('span', { class: 'actual' }, actual),
      el('span', { class: 'file-name' }, photo.name),
    );
    if (photo.src) button.addEventListener('click', () => post({ type: 'openPhoto', file: photo.file }));
    else button.disabled = true;
    return el('li', {}, button);
  };
  const list = el('ul', { class: 'gallery', 'aria-label': t('gallery.heading') }, ...gallery.photos.slice(0, FIRST_SHOWN).map(card));
  const rest = gallery.photos.slice(FIRST_SHOWN);
  const more = rest.length > 0 ? el('button', { type: 'button', class: 'show-more' }, t('gallery.more', integer(rest.length))) : null;
  more?.addEventListener('click', () => {
    const cards = rest.map(card);
    list.append(...cards);
    more.remove();
    cards[0].querySelector('button')?.focus();
  });
  return [heading, el('p', { class: 'muted' }, summary.join(' ')), list, ...(more ? [more] : [])];
}
