// @vitest-environment happy-dom
import { flushSync, mount, unmount } from 'svelte';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { App, goError, makeAccount, makeBilling, resetWails } from '../../../test/wails';
import { formatDay } from '../../format';
import { billing } from '../../stores/billing.svelte';
import { toasts } from '../../stores/toasts.svelte';
import AvatarMenu from '../layout/AvatarMenu.svelte';
import PlanDialog from './PlanDialog.svelte';

vi.mock('../../../../wailsjs/go/app/App', async () => (await import('../../../test/wails')).App);
vi.mock('../../../../wailsjs/runtime/runtime', async () => (await import('../../../test/wails')).runtime);

const mounted: ReturnType<typeof mount>[] = [];
const $ = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T | null;
const text = (sel: string) => $(sel)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
const button = (label: string) =>
  [...document.querySelectorAll('button')].find((b) => b.textContent?.trim() === label) as HTMLButtonElement | undefined;
const offerButton = (tier: string) => $<HTMLButtonElement>(`li[data-tier="${tier}"] button`)!;

const PRO = makeBilling({ tier: 'pro', planName: 'Pro', status: 'active', credits: 480, uploadSecondsLeft: 1700, renewsAt: '2026-04-30T14:05:00Z' });

async function open(info = makeBilling()) {
  App.Billing.mockResolvedValue(info);
  mounted.push(mount(PlanDialog, { target: document.body }));
  await billing.show();
  flushSync();
}

beforeEach(() => {
  resetWails();
  toasts.clear();
  billing.close();
  billing.info = null;
});

afterEach(() => {
  while (mounted.length) unmount(mounted.pop()!);
  document.body.innerHTML = '';
});

describe('the plan dialog', () => {
  test('on a server that does not sell plans it says so and offers nothing', async () => {
    await open(makeBilling({ configured: false, message: 'billing is not configured on this server; plans cannot be bought or changed here', offers: [] }));
    expect(text('[data-testid="billing-off"]')).toContain('billing is not configured');
    expect(document.querySelectorAll('.offers li')).toHaveLength(0);
  });

  test('on Free it lists the plans with their prices and subscribes through Checkout in the browser', async () => {
    App.OpenCheckout.mockResolvedValue(undefined);
    await open();
    expect(text('[data-testid="plan-now"]')).toContain('Free · 20 credits and 2:00 of uploads left');
    expect(text('li[data-tier="pro"]')).toContain('$11.99 a month + tax');
    expect(text('li[data-tier="max"]')).toContain('4500 credits · 90 min of uploads');
    expect(offerButton('studio').textContent).toBe('Subscribe');
    offerButton('studio').click();
    await vi.waitFor(() => expect(App.OpenCheckout).toHaveBeenCalledWith('studio'));
    await vi.waitFor(() => expect(toasts.items.at(-1)?.message).toContain('Checkout for Studio opened in your browser'));
  });

  test('an upgrade shows its prorated charge first and is made only on confirmation', async () => {
    App.PreviewUpgrade.mockResolvedValue({
      tier: 'studio', amount: 900, tax: 180, total: 1080, currency: 'usd',
      prorationDate: '2026-04-15T14:05:00Z', renewsAt: '2026-04-30T14:05:00Z',
    });
    App.Upgrade.mockResolvedValue({ ...PRO, tier: 'studio', planName: 'Studio', credits: 1330, chargedAmount: 1080, chargedCurrency: 'usd' });
    App.Account.mockResolvedValue(makeAccount({ tier: 'studio', planName: 'Studio', credits: 1330, uploadSecondsLeft: 3500 }));
    await open(PRO);
    expect(offerButton('pro').disabled).toBe(true);
    expect(offerButton('max').textContent).toBe('Upgrade now');
    offerButton('studio').click();
    await vi.waitFor(() => expect($('[data-testid="upgrade-preview"]')).not.toBeNull());
    expect(text('[data-testid="upgrade-preview"]')).toContain('Upgrade to Studio now: $10.80 ($1.80 of it tax)');
    expect(App.Upgrade).not.toHaveBeenCalled();
    button('Pay and upgrade')!.click();
    await vi.waitFor(() => expect(App.Upgrade).toHaveBeenCalledWith('studio', '2026-04-15T14:05:00Z'));
    await vi.waitFor(() => expect(toasts.items.at(-1)?.message).toBe('You are on Studio now: 1330 credits this period; $10.80 charged.'));
    flushSync();
    expect(text('[data-testid="plan-now"]')).toContain('Studio · 1330 credits');
    expect(App.Account).toHaveBeenCalled();
  });

  test('a declined card leaves the plan as it was and says why', async () => {
    App.PreviewUpgrade.mockResolvedValue({ tier: 'max', amount: 3900, tax: 780, total: 4680, currency: 'usd', prorationDate: '2026-04-15T14:05:00Z', renewsAt: '2026-04-30T14:05:00Z' });
    App.Upgrade.mockRejectedValue(goError('payment_failed', 'the payment was declined: Your card was declined.'));
    await open(PRO);
    offerButton('max').click();
    await vi.waitFor(() => expect(button('Pay and upgrade')).toBeDefined());
    button('Pay and upgrade')!.click();
    await vi.waitFor(() => expect(toasts.items.at(-1)?.message).toContain('Your card was declined'));
    flushSync();
    expect(text('[data-testid="plan-now"]')).toContain('Pro · 480 credits');
  });

  test('a downgrade is scheduled for the renewal and shown as such', async () => {
    const MAX = { ...PRO, tier: 'max', planName: 'Max', credits: 4000 };
    App.Downgrade.mockResolvedValue({ ...MAX, scheduledTier: 'pro', scheduledAt: '2026-04-30T14:05:00Z' });
    await open(MAX);
    expect(offerButton('pro').textContent).toBe('Downgrade at renewal');
    offerButton('pro').click();
    await vi.waitFor(() => expect(text('[data-testid="plan-scheduled"]')).toBe(`Moves to Pro on ${formatDay('2026-04-30T14:05:00Z')}.`));
    expect(App.Downgrade).toHaveBeenCalledWith('pro');
    expect(offerButton('pro').textContent).toBe('From the renewal');
    expect(offerButton('pro').disabled).toBe(true);
  });

  test('a failing renewal payment is shown with the way to fix it', async () => {
    App.OpenPortal.mockResolvedValue(undefined);
    await open({ ...PRO, status: 'past_due', paymentProblem: 'The payment of $14.39 for Pro failed. Stripe will try the card again; update it in Manage payments to keep Pro.' });
    expect(text('[role="alert"]')).toContain('The payment of $14.39 for Pro failed');
    ($('[role="alert"] button') as HTMLButtonElement).click();
    await vi.waitFor(() => expect(App.OpenPortal).toHaveBeenCalled());
  });

  test('cancelling asks first, says what is lost, then drops to Free', async () => {
    App.CancelSubscription.mockResolvedValue(makeBilling({ credits: 0, uploadSecondsLeft: 0 }));
    await open(PRO);
    button('Cancel subscription')!.click();
    flushSync();
    expect(text('[data-testid="confirm-cancel"]')).toContain('lose the 480 credits left this period');
    expect(App.CancelSubscription).not.toHaveBeenCalled();
    button('Cancel subscription')!.click();
    await vi.waitFor(() => expect(App.CancelSubscription).toHaveBeenCalled());
    await vi.waitFor(() => expect(toasts.items.at(-1)?.message).toBe('Cancelled: you are on Free now.'));
  });

  test('a refund request sends the reason and shows where it stands', async () => {
    App.RequestRefund.mockResolvedValue({ id: 'rfd_1', status: 'queued', requestedAt: '2026-05-12T21:00:00Z', refundAmount: 0, currency: 'usd', message: 'Your request is with our team; you will have an answer within 2–3 business days.' });
    await open(PRO);
    App.Billing.mockResolvedValue({ ...PRO, refunds: [{ id: 'rfd_1', status: 'queued', requestedAt: '2026-05-12T21:00:00Z', refundAmount: 0, currency: 'usd', message: 'Your request is with our team; you will have an answer within 2–3 business days.' }] });
    button('Request a refund')!.click();
    flushSync();
    expect(text('[data-testid="confirm-refund"]')).toContain('within 48 hours of a charge');
    const area = $<HTMLTextAreaElement>('[data-testid="confirm-refund"] textarea')!;
    area.value = '  bought the wrong plan ';
    area.dispatchEvent(new Event('input'));
    button('Request refund')!.click();
    await vi.waitFor(() => expect(App.RequestRefund).toHaveBeenCalledWith('bought the wrong plan'));
    await vi.waitFor(() => expect(text('li[data-status="queued"]')).toContain('answer within 2–3 business days'));
  });
});

describe('the avatar menu', () => {
  test('opens the plan dialog and Manage payments', async () => {
    App.OpenPortal.mockResolvedValue(undefined);
    mounted.push(mount(AvatarMenu, { target: document.body }));
    flushSync();
    const avatar = $<HTMLButtonElement>('button.avatar')!;
    avatar.click();
    flushSync();
    expect(avatar.getAttribute('aria-expanded')).toBe('true');
    button('Plan and billing…')!.click();
    await vi.waitFor(() => expect(billing.open).toBe(true));
    expect(App.Billing).toHaveBeenCalled();
    avatar.click();
    flushSync();
    button('Manage payments')!.click();
    await vi.waitFor(() => expect(App.OpenPortal).toHaveBeenCalled());
    await vi.waitFor(() => expect(toasts.items.at(-1)?.message).toBe('Manage payments opened in your browser.'));
  });
});
