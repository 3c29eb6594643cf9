// Uploading a recording, from the Generate view's audio input or from a take.

import * as api from '../api';
import { account } from './account.svelte';

/** Uploads the part of the recording at path that the plan keeps, then reads the account again: the upload used its time. */
export async function uploadToAccount(path: string): Promise<api.UploadOutcome> {
  const outcome = await api.uploadInput(path);
  void account.load();
  return outcome;
}
