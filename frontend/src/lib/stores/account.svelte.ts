// The signed-in account: plan, credits and when they renew.

import * as api from '../api';
import type { AccountInfo } from '../types';

export class AccountStore {
  current = $state<AccountInfo | null>(null);

  async load(): Promise<void> {
    this.current = await api.getAccount();
  }
}

export const account = new AccountStore();
