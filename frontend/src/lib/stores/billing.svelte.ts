// The plan view of the avatar menu: what the account is on, what it can buy, and the
// changes and refund requests made from it. Payment itself happens in the browser (Stripe
// Checkout and the portal); the plan changes here once Stripe tells the account server.

import * as api from '../api';
import { formatDay, formatMoney } from '../format';
import type { BillingInfo, Offer, UpgradePreview } from '../types';
import { account } from './account.svelte';
import { toasts } from './toasts.svelte';

/** Tiers from the cheapest: moving right is an upgrade, left a downgrade. */
const TIERS = ['free', 'pro', 'studio', 'max', 'enterprise'];

/** What choosing an offer would do from the current plan. */
export type OfferAction = 'current' | 'subscribe' | 'upgrade' | 'downgrade' | 'scheduled';

export class BillingStore {
  info = $state<BillingInfo | null>(null);
  open = $state(false);
  busy = $state(false);
  /** An upgrade priced and waiting for the user's confirmation. */
  preview = $state<UpgradePreview | null>(null);
  /** A step that needs confirming first. */
  confirming = $state<'cancel' | 'refund' | null>(null);

  async show(): Promise<void> {
    this.open = true;
    await this.load();
  }

  close(): void {
    this.open = false;
    this.preview = null;
    this.confirming = null;
  }

  async load(): Promise<void> {
    this.info = await api.getBilling();
  }

  action(offer: Offer): OfferAction {
    const info = this.info;
    if (!info || offer.tier === info.tier) return 'current';
    if (info.scheduledTier === offer.tier) return 'scheduled';
    if (info.status === 'free') return 'subscribe';
    return TIERS.indexOf(offer.tier) > TIERS.indexOf(info.tier) ? 'upgrade' : 'downgrade';
  }

  /** Does what choosing the offer means: checkout, an upgrade's preview, or a downgrade. */
  async choose(offer: Offer): Promise<void> {
    switch (this.action(offer)) {
      case 'subscribe':
        return this.#run(async () => {
          if (await api.openCheckout(offer.tier)) {
            toasts.push('info', `Checkout for ${offer.name} opened in your browser. Your plan changes here once the payment goes through.`);
          }
        });
      case 'upgrade':
        return this.#run(async () => {
          this.preview = await api.previewUpgrade(offer.tier);
        });
      case 'downgrade':
        return this.#run(async () => {
          const info = await api.downgrade(offer.tier);
          if (info) {
            this.info = info;
            toasts.push('info', `You move to ${offer.name} on ${formatDay(info.scheduledAt)}; until then ${info.planName} stays.`);
          }
        });
    }
  }

  async confirmUpgrade(): Promise<void> {
    const p = this.preview;
    if (!p) return;
    await this.#run(async () => {
      const info = await api.upgrade(p.tier, p.prorationDate);
      this.preview = null;
      if (!info) return;
      this.info = info;
      const charged = info.chargedAmount ? `; ${formatMoney(info.chargedAmount, info.chargedCurrency)} charged` : '';
      toasts.push('info', `You are on ${info.planName} now: ${info.credits} credits this period${charged}.`);
      await account.load();
    });
  }

  async managePayments(): Promise<void> {
    await this.#run(async () => {
      if (await api.openPortal()) toasts.push('info', 'Manage payments opened in your browser.');
    });
  }

  async cancel(): Promise<void> {
    await this.#run(async () => {
      const info = await api.cancelSubscription();
      this.confirming = null;
      if (!info) return;
      this.info = info;
      toasts.push('info', `Cancelled: you are on ${info.planName} now.`);
      await account.load();
    });
  }

  async refund(reason: string): Promise<void> {
    await this.#run(async () => {
      const r = await api.requestRefund(reason.trim());
      this.confirming = null;
      if (!r) return;
      toasts.push('info', r.message);
      await this.load();
      await account.load();
    });
  }

  async #run(step: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await step();
    } finally {
      this.busy = false;
    }
  }
}

export const billing = new BillingStore();
