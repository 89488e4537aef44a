import type { FindingRecord, Mute, RichText } from '../store/index.js';

/**
 * The comments a later scan or a mute adds to an issue. Each ends with the request id, so a retried request
 * can tell that Jira already has its comment (the first attempt may have landed before the connection failed).
 */
export function resolvedComment(record: FindingRecord, scanId: string, requestId: string): RichText {
  return [
    paragraph(`Rightsize: scan ${scanId} no longer finds this risk (${record.id}); it is resolved.`),
    marker(requestId),
  ];
}

export function reopenedComment(record: FindingRecord, scanId: string, requestId: string): RichText {
  return [
    paragraph(
      `Rightsize: scan ${scanId} finds this risk again (${record.id}); it has come back ${record.reopenedCount} time${record.reopenedCount === 1 ? '' : 's'} after being resolved.`,
    ),
    marker(requestId),
  ];
}

export function mutedComment(record: FindingRecord, mute: Mute, requestId: string): RichText {
  return [
    paragraph(`Rightsize: ${mute.by.id} muted this finding (${record.id}) until ${mute.until}: ${mute.reason}`),
    marker(requestId),
  ];
}

/** Letters, digits and spaces only: neither wiki-markup escaping nor ADF changes it, so a search finds it as written. */
export function requestMarker(requestId: string): string {
  return `rightsize request ${requestId.replace(/[^A-Za-z0-9]/g, '')}`;
}

function paragraph(text: string): RichText[number] {
  return { type: 'paragraph', content: [{ text }] };
}

function marker(requestId: string): RichText[number] {
  return { type: 'paragraph', content: [{ text: requestMarker(requestId), code: true }] };
}
