import type { WebClient } from '@slack/web-api';
import type { SuggestionAnswer } from '../src/scans/usage-answers.js';
import { sendFileToUser } from '../src/slack/files.js';
import { diffFitsInline, suggestionFile, type SuggestionInput } from '../views/suggestion.js';

/**
 * A suggestion ready to show. A diff too long for a message or modal goes to the person as a file in their
 * direct messages with the app (private, like the ephemeral answer it belongs to).
 */
export async function deliverSuggestion(
  client: WebClient,
  userId: string,
  answer: SuggestionAnswer,
): Promise<SuggestionInput> {
  if (!answer.diff || diffFitsInline(answer.diff)) return answer;
  const file = suggestionFile(answer.suggestion, answer.diff);
  await sendFileToUser(client, userId, file);
  const lines = answer.diff.split('\n').length;
  return {
    ...answer,
    fileNote: `The diff (${lines.toLocaleString('en-US')} lines) is too long to show here: I sent it to you as a file, ${file.filename}, in your direct messages with Rightsize.`,
  };
}
