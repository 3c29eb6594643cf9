package app

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"stableaudio/backend/billing"
	"stableaudio/backend/billing/stripefake"
)

// pages records what the app opened in the browser.
type pages struct {
	mu   sync.Mutex
	urls []string
}

func (p *pages) Open(url string) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.urls = append(p.urls, url)
	return nil
}

func (p *pages) last() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.urls) == 0 {
		return ""
	}
	return p.urls[len(p.urls)-1]
}

// A server without Stripe (the desktop's own) says plans are not sold here; the plan view
// still opens.
func TestBillingWithoutStripe(t *testing.T) {
	a := New(Config{Version: "test", DataDir: t.TempDir()})
	if err := a.Open(context.Background(), &eventLog{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	info, err := a.Billing()
	if err != nil || info.Configured || !strings.Contains(info.Message, "billing is not configured") {
		t.Fatalf("billing without Stripe: %+v %v", info, err)
	}
	if err := a.OpenCheckout("pro"); uiCode(t, err) != "billing_not_configured" {
		t.Fatalf("checkout without Stripe: %v", err)
	}
}

// From the avatar menu to a refund: Checkout opens in the browser, Stripe's events make the
// account Pro, an upgrade charges what its preview said, a downgrade waits for the renewal,
// a refund drops the account to Free.
func TestBillingFromTheApp(t *testing.T) {
	fake := stripefake.New(time.Now)
	t.Cleanup(fake.Close)
	a := New(Config{Version: "test", DataDir: t.TempDir()})
	a.accountBilling = billing.Config{SecretKey: "sk_test_x", WebhookSecret: "whsec_x", APIURL: fake.URL()}
	browser := &pages{}
	a.browser = browser
	if err := a.Open(context.Background(), &eventLog{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	account, err := a.signedIn()
	if err != nil {
		t.Fatal(err)
	}
	deliver := func() {
		for _, ev := range fake.Events() {
			r, _ := http.NewRequest("POST", account.BaseURL()+"/stripe/webhook", strings.NewReader(string(ev.Payload)))
			r.Header.Set("Stripe-Signature", stripefake.Sign(ev.Payload, "whsec_x", time.Now()))
			res, err := http.DefaultClient.Do(r)
			if err != nil || res.StatusCode != 200 {
				t.Fatalf("delivering %s: %v %v", ev.Type, res, err)
			}
			res.Body.Close()
		}
	}
	b, err := billing.New(billing.Config{SecretKey: "sk_test_x", APIURL: fake.URL()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Sync(context.Background()); err != nil {
		t.Fatal(err)
	}

	info, err := a.Billing()
	if err != nil || !info.Configured || info.Tier != "free" || len(info.Offers) != 3 || info.Offers[1].Name != "Studio" {
		t.Fatalf("plan view on Free: %+v %v", info, err)
	}
	if err := a.OpenCheckout("pro"); err != nil {
		t.Fatal(err)
	}
	if _, err := fake.CompleteCheckout(browser.last()); err != nil {
		t.Fatalf("the page opened in the browser, %q: %v", browser.last(), err)
	}
	deliver()
	if info, _ = a.Billing(); info.Tier != "pro" || info.Credits != 500 || info.Status != "active" {
		t.Fatalf("after paying: %+v", info)
	}
	if err := a.OpenPortal(); err != nil || !strings.Contains(browser.last(), "billing.stripe.test") {
		t.Fatalf("portal: %q %v", browser.last(), err)
	}

	preview, err := a.PreviewUpgrade("studio")
	if err != nil || preview.Total <= 0 || preview.Total != preview.Amount+preview.Tax {
		t.Fatalf("preview: %+v %v", preview, err)
	}
	info, err = a.Upgrade("studio", preview.ProrationDate)
	if err != nil || info.Tier != "studio" || info.ChargedAmount != preview.Total || info.Credits != 1350 {
		t.Fatalf("upgrade previewed at %d: %+v %v", preview.Total, info, err)
	}
	info, err = a.Downgrade("pro")
	if err != nil || info.Tier != "studio" || info.ScheduledTier != "pro" || info.ScheduledAt != info.RenewsAt {
		t.Fatalf("downgrade: %+v %v", info, err)
	}
	if _, err := a.Upgrade("pro", ""); uiCode(t, err) != "bad_plan_change" {
		t.Fatalf("an upgrade downwards: %v", err)
	}

	refund, err := a.RequestRefund("changed my mind")
	if err != nil || refund.Status != "refunded" {
		t.Fatalf("refund: %+v %v", refund, err)
	}
	info, _ = a.Billing()
	if info.Tier != "free" || len(info.Refunds) != 1 || info.Refunds[0].Status != "refunded" {
		t.Fatalf("after the refund: %+v", info)
	}
	if _, err := a.CancelSubscription(); uiCode(t, err) != "no_subscription" {
		t.Fatalf("cancel on Free: %v", err)
	}
}
