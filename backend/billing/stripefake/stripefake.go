// Package stripefake is a small Stripe for tests: it keeps customers, prices,
// subscriptions, schedules, invoices, charges and refunds the way Stripe does for the
// calls billing makes, moves subscriptions through renewals on a test clock, and queues
// the webhook events Stripe would send, signed like Stripe signs them.
//
// stripe-mock checks that each request is valid Stripe; it keeps no state, so behaviour
// (a renewal after a downgrade, a prorated upgrade, a refund) is tested against this.
// Amounts follow Stripe's rules as documented: proration by the second over the period,
// tax added on top of exclusive prices at the fake's rate, renewals on the anchor's day
// of the month (the month's last day when it is shorter).
package stripefake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/webhook"
)

// Request is one request the fake received that changes something.
type Request struct {
	Method, Path, IdempotencyKey string
	Form                         map[string]string
}

// Event is a webhook event as Stripe would deliver it.
type Event struct {
	ID, Type string
	Payload  []byte
}

// Fake is a Stripe account. Use New; the zero value is not ready.
type Fake struct {
	// TaxPercent is added on top of every charge, as Stripe Tax does for exclusive prices.
	TaxPercent int64
	// DeclineCards makes every charge fail from now on, as a card that stopped working.
	DeclineCards bool
	// Validator, when set, is a stripe-mock address every request is also sent to first:
	// stripe-mock checks it against Stripe's API description, and what it refuses is
	// listed by Invalid.
	Validator string

	mu        sync.Mutex
	now       func() time.Time
	seq       int
	products  map[string]bool
	prices    []*price
	customers map[string]string // id → email
	portals   []string          // configuration ids, with their metadata in portalMeta
	portalMD  map[string]map[string]string
	sessions  map[string]*session
	subs      map[string]*sub
	schedules map[string]*schedule
	invoices  map[string]*invoice
	charges   map[string]*charge
	requests  []Request
	events    []Event
	replies   map[string][]byte // idempotency key → the first answer, replayed as Stripe does
	validated int
	invalid   []string
	server    *httptest.Server
}

type price struct {
	id, product, currency, lookupKey, tier string
	amount                                 int64
	active                                 bool
}

type session struct {
	id, customer, price, accountID string
	metadata                       map[string]string
	done                           bool
}

type sub struct {
	id, customer, item, price string
	status                    stripe.SubscriptionStatus
	anchor, created, canceled time.Time
	period                    int // index of the current period from the anchor
	schedule                  *schedule
	metadata                  map[string]string
	latest                    string
}

type schedule struct {
	id, sub, next string // next: the price of the phase after the current one
	released      bool
}

type invoice struct {
	id, customer, sub, charge, reason, currency string
	lines                                       []line
	paid                                        bool
	created                                     time.Time
}

type line struct {
	amount, tax int64
	proration   bool
	start, end  time.Time
	price       string
}

type charge struct {
	id, invoice, customer string
	amount, refunded      int64
}

// New starts a fake Stripe on loopback; now is the clock its subscriptions live by.
func New(now func() time.Time) *Fake {
	f := &Fake{TaxPercent: 20, now: now, products: map[string]bool{}, customers: map[string]string{},
		portalMD: map[string]map[string]string{}, sessions: map[string]*session{}, subs: map[string]*sub{},
		schedules: map[string]*schedule{}, invoices: map[string]*invoice{}, charges: map[string]*charge{},
		replies: map[string][]byte{}}
	f.server = httptest.NewServer(f)
	return f
}

// URL is the fake's API address, for billing.Config.APIURL.
func (f *Fake) URL() string { return f.server.URL }

// Close stops the fake.
func (f *Fake) Close() { f.server.Close() }

// Requests lists the changing requests received so far.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.requests)
}

// Events hands over the events queued since the last call, in the order Stripe made them.
func (f *Fake) Events() []Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	ev := f.events
	f.events = nil
	return ev
}

// Sign signs a payload with secret at time at, as Stripe signs a delivery.
func Sign(payload []byte, secret string, at time.Time) string {
	return webhook.GenerateTestSignedPayload(&webhook.UnsignedPayload{Payload: payload, Secret: secret, Timestamp: at}).Header
}

func (f *Fake) id(prefix string) string {
	f.seq++
	return fmt.Sprintf("%s_%04d", prefix, f.seq)
}

// ServeHTTP answers the Stripe API calls billing makes.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	r.Body = io.NopCloser(bytes.NewReader(body))
	if f.Validator != "" {
		f.validate(r, body)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := r.ParseForm(); err != nil {
		writeError(w, 400, "invalid_request_error", "", err.Error())
		return
	}
	form := map[string]string{}
	for k, v := range r.PostForm {
		form[k] = v[0]
	}
	key := r.Header.Get("Idempotency-Key")
	if r.Method != "GET" {
		if reply, ok := f.replies[key]; ok && key != "" {
			w.Header().Set("Content-Type", "application/json")
			w.Write(reply)
			return
		}
		f.requests = append(f.requests, Request{r.Method, r.URL.Path, key, form})
	}
	status, answer := f.route(r, form)
	out, _ := json.Marshal(answer)
	if r.Method != "GET" && key != "" && status == 200 {
		f.replies[key] = out
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

// validate sends the request to stripe-mock and notes a refusal.
func (f *Fake) validate(r *http.Request, body []byte) {
	req, err := http.NewRequest(r.Method, strings.TrimSuffix(f.Validator, "/")+r.URL.RequestURI(), bytes.NewReader(body))
	if err != nil {
		panic(err)
	}
	for _, h := range []string{"Authorization", "Content-Type", "Stripe-Version"} {
		req.Header.Set(h, r.Header.Get(h))
	}
	res, err := http.DefaultClient.Do(req)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.validated++
	if err != nil {
		f.invalid = append(f.invalid, r.Method+" "+r.URL.Path+": "+err.Error())
		return
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		msg, _ := io.ReadAll(res.Body)
		f.invalid = append(f.invalid, fmt.Sprintf("%s %s (%s): %d %s", r.Method, r.URL.Path, body, res.StatusCode, msg))
	}
}

// Validated counts the requests sent to the Validator, and lists those it refused.
func (f *Fake) Validated() (int, []string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.validated, slices.Clone(f.invalid)
}

func (f *Fake) route(r *http.Request, form map[string]string) (int, any) {
	path := strings.TrimPrefix(r.URL.Path, "/v1/")
	parts := strings.Split(path, "/")
	switch {
	case r.Method == "GET" && path == "prices":
		return f.listPrices(r.Form.Get("lookup_keys[0]"))
	case r.Method == "POST" && path == "prices":
		return f.newPrice(form)
	case r.Method == "GET" && parts[0] == "products" && len(parts) == 2:
		if !f.products[parts[1]] {
			return errorBody(404, "invalid_request_error", "resource_missing", "No such product: '"+parts[1]+"'")
		}
		return 200, map[string]any{"id": parts[1], "object": "product"}
	case r.Method == "POST" && path == "products":
		f.products[form["id"]] = true
		return 200, map[string]any{"id": form["id"], "object": "product", "name": form["name"]}
	case r.Method == "GET" && path == "billing_portal/configurations":
		var data []any
		for _, id := range f.portals {
			data = append(data, map[string]any{"id": id, "object": "billing_portal.configuration", "active": true, "metadata": f.portalMD[id]})
		}
		return 200, list(data, "/v1/billing_portal/configurations")
	case r.Method == "POST" && path == "billing_portal/configurations":
		id := f.id("bpc")
		f.portals = append(f.portals, id)
		f.portalMD[id] = map[string]string{"stableaudio": form["metadata[stableaudio]"]}
		return 200, map[string]any{"id": id, "object": "billing_portal.configuration", "active": true, "metadata": f.portalMD[id]}
	case r.Method == "POST" && path == "billing_portal/sessions":
		if _, ok := f.customers[form["customer"]]; !ok {
			return errorBody(400, "invalid_request_error", "resource_missing", "No such customer")
		}
		id := f.id("bps")
		return 200, map[string]any{"id": id, "object": "billing_portal.session", "url": "https://billing.stripe.test/p/" + id}
	case r.Method == "POST" && path == "customers":
		id := f.id("cus")
		f.customers[id] = form["email"]
		return 200, map[string]any{"id": id, "object": "customer", "email": form["email"]}
	case r.Method == "POST" && path == "checkout/sessions":
		return f.newSession(form)
	case r.Method == "GET" && parts[0] == "subscriptions" && len(parts) == 2:
		s, ok := f.subs[parts[1]]
		if !ok {
			return errorBody(404, "invalid_request_error", "resource_missing", "No such subscription")
		}
		return 200, f.subJSON(s, nil)
	case r.Method == "POST" && parts[0] == "subscriptions" && len(parts) == 2:
		return f.updateSub(parts[1], form)
	case r.Method == "DELETE" && parts[0] == "subscriptions" && len(parts) == 2:
		return f.cancelSub(parts[1])
	case r.Method == "GET" && path == "invoices/upcoming":
		return f.upcoming(r.Form)
	case r.Method == "POST" && path == "subscription_schedules":
		return f.newSchedule(form)
	case r.Method == "POST" && parts[0] == "subscription_schedules" && len(parts) == 2:
		return f.updateSchedule(parts[1], form)
	case r.Method == "POST" && parts[0] == "subscription_schedules" && len(parts) == 3 && parts[2] == "release":
		sc, ok := f.schedules[parts[1]]
		if !ok {
			return errorBody(404, "invalid_request_error", "resource_missing", "No such schedule")
		}
		sc.released = true
		f.subs[sc.sub].schedule = nil
		return 200, map[string]any{"id": sc.id, "object": "subscription_schedule", "status": "released"}
	case r.Method == "POST" && path == "refunds":
		return f.refund(form)
	}
	return errorBody(404, "invalid_request_error", "", "not in the fake: "+r.Method+" "+r.URL.Path)
}

func (f *Fake) listPrices(lookupKey string) (int, any) {
	var data []any
	for _, p := range f.prices {
		if p.active && p.lookupKey != "" && p.lookupKey == lookupKey {
			data = append(data, p.json())
		}
	}
	return 200, list(data, "/v1/prices")
}

func (f *Fake) newPrice(form map[string]string) (int, any) {
	for _, p := range f.prices {
		if p.lookupKey != "" && p.lookupKey == form["lookup_key"] {
			if form["transfer_lookup_key"] != "true" {
				return errorBody(400, "invalid_request_error", "", "A price with this lookup key exists; pass transfer_lookup_key")
			}
			p.lookupKey = ""
		}
	}
	amount, _ := strconv.ParseInt(form["unit_amount"], 10, 64)
	p := &price{id: f.id("price"), product: form["product"], currency: form["currency"], lookupKey: form["lookup_key"],
		tier: form["metadata[tier]"], amount: amount, active: true}
	f.prices = append(f.prices, p)
	return 200, p.json()
}

func (p *price) json() map[string]any {
	return map[string]any{"id": p.id, "object": "price", "active": p.active, "currency": p.currency, "unit_amount": p.amount,
		"lookup_key": p.lookupKey, "product": p.product, "metadata": map[string]string{"tier": p.tier},
		"recurring": map[string]any{"interval": "month", "interval_count": 1}, "tax_behavior": "exclusive"}
}

func (f *Fake) price(id string) *price {
	for _, p := range f.prices {
		if p.id == id {
			return p
		}
	}
	return nil
}

func (f *Fake) newSession(form map[string]string) (int, any) {
	if _, ok := f.customers[form["customer"]]; !ok {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such customer: "+form["customer"])
	}
	if f.price(form["line_items[0][price]"]) == nil {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such price")
	}
	if form["automatic_tax[enabled]"] != "true" {
		return errorBody(400, "invalid_request_error", "", "this account requires automatic tax")
	}
	s := &session{id: f.id("cs"), customer: form["customer"], price: form["line_items[0][price]"], accountID: form["client_reference_id"],
		metadata: map[string]string{"account_id": form["subscription_data[metadata][account_id]"]}}
	f.sessions[s.id] = s
	return 200, map[string]any{"id": s.id, "object": "checkout.session", "url": "https://checkout.stripe.test/c/" + s.id,
		"mode": "subscription", "customer": s.customer}
}

// CompleteCheckout is the user paying on the Checkout page at url: the subscription starts
// now, its first invoice is paid, and Stripe's three events are queued.
func (f *Fake) CompleteCheckout(url string) (subscriptionID string, err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	id := url[strings.LastIndex(url, "/")+1:]
	s, ok := f.sessions[id]
	if !ok || s.done {
		return "", fmt.Errorf("stripefake: no open checkout session %q", id)
	}
	if f.DeclineCards {
		return "", fmt.Errorf("stripefake: the card was declined")
	}
	s.done = true
	now := f.now().UTC().Truncate(time.Second)
	sb := &sub{id: f.id("sub"), customer: s.customer, item: f.id("si"), price: s.price, status: stripe.SubscriptionStatusActive,
		anchor: now, created: now, metadata: s.metadata}
	f.subs[sb.id] = sb
	inv := f.newInvoice(sb, "subscription_create", []line{f.cycleLine(sb)})
	f.pay(inv)
	f.emit("customer.subscription.created", f.subJSON(sb, nil))
	f.emit("invoice.paid", f.invoiceJSON(inv))
	f.emit("checkout.session.completed", map[string]any{"id": s.id, "object": "checkout.session", "customer": s.customer,
		"subscription": sb.id, "client_reference_id": s.accountID, "mode": "subscription", "status": "complete"})
	return sb.id, nil
}

// AdvanceTo runs every live subscription's renewals up to t: a scheduled phase starts, the
// period moves on, and the renewal invoice is paid (or fails, with DeclineCards).
func (f *Fake) AdvanceTo(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	ids := make([]string, 0, len(f.subs))
	for id := range f.subs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		s := f.subs[id]
		for (s.status == stripe.SubscriptionStatusActive || s.status == stripe.SubscriptionStatusPastDue) && !t.Before(f.periodEnd(s)) {
			s.period++
			if sc := s.schedule; sc != nil {
				s.price, s.schedule, sc.released = sc.next, nil, true
			}
			inv := f.newInvoice(s, "subscription_cycle", []line{f.cycleLine(s)})
			if f.DeclineCards {
				s.status = stripe.SubscriptionStatusPastDue
				f.emit("customer.subscription.updated", f.subJSON(s, nil))
				f.emit("invoice.payment_failed", f.invoiceJSON(inv))
				continue
			}
			s.status = stripe.SubscriptionStatusActive
			f.pay(inv)
			f.emit("customer.subscription.updated", f.subJSON(s, nil))
			f.emit("invoice.paid", f.invoiceJSON(inv))
		}
	}
}

func (f *Fake) updateSub(id string, form map[string]string) (int, any) {
	s, ok := f.subs[id]
	if !ok || s.status == stripe.SubscriptionStatusCanceled {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such active subscription: "+id)
	}
	if form["items[0][id]"] != s.item {
		return errorBody(400, "invalid_request_error", "", "items[0][id] must name the subscription's item")
	}
	newPrice := form["items[0][price]"]
	if f.price(newPrice) == nil {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such price")
	}
	if form["proration_behavior"] != "always_invoice" {
		return errorBody(400, "invalid_request_error", "", "the fake only prorates with always_invoice")
	}
	at := f.now().UTC()
	if d := form["proration_date"]; d != "" {
		sec, _ := strconv.ParseInt(d, 10, 64)
		at = time.Unix(sec, 0).UTC()
	}
	lines := f.prorationLines(s, newPrice, at)
	if f.DeclineCards && form["payment_behavior"] == "error_if_incomplete" {
		return errorBody(402, "card_error", "card_declined", "Your card was declined.")
	}
	s.price = newPrice
	inv := f.newInvoice(s, "subscription_update", lines)
	f.pay(inv)
	f.emit("customer.subscription.updated", f.subJSON(s, nil))
	f.emit("invoice.paid", f.invoiceJSON(inv))
	var expanded *invoice
	if form["expand[0]"] == "latest_invoice" {
		expanded = inv
	}
	return 200, f.subJSON(s, expanded)
}

func (f *Fake) cancelSub(id string) (int, any) {
	s, ok := f.subs[id]
	if !ok {
		return errorBody(404, "invalid_request_error", "resource_missing", "No such subscription: "+id)
	}
	if s.status == stripe.SubscriptionStatusCanceled {
		return errorBody(400, "invalid_request_error", "", "This subscription is already canceled.")
	}
	s.status, s.canceled = stripe.SubscriptionStatusCanceled, f.now().UTC()
	f.emit("customer.subscription.deleted", f.subJSON(s, nil))
	return 200, f.subJSON(s, nil)
}

func (f *Fake) upcoming(q map[string][]string) (int, any) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	s, ok := f.subs[get("subscription")]
	if !ok {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such subscription")
	}
	at := f.now().UTC()
	if d := get("subscription_proration_date"); d != "" {
		sec, _ := strconv.ParseInt(d, 10, 64)
		at = time.Unix(sec, 0).UTC()
	}
	newPrice := get("subscription_items[0][price]")
	if f.price(newPrice) == nil {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such price")
	}
	inv := &invoice{id: "upcoming", customer: s.customer, sub: s.id, currency: f.price(newPrice).currency,
		lines: f.prorationLines(s, newPrice, at), created: at}
	return 200, f.invoiceJSON(inv)
}

func (f *Fake) newSchedule(form map[string]string) (int, any) {
	s, ok := f.subs[form["from_subscription"]]
	if !ok {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such subscription")
	}
	if s.schedule != nil {
		return errorBody(400, "invalid_request_error", "", "The subscription is already attached to a schedule")
	}
	sc := &schedule{id: f.id("sub_sched"), sub: s.id, next: s.price}
	f.schedules[sc.id] = sc
	s.schedule = sc
	return 200, f.scheduleJSON(sc)
}

func (f *Fake) updateSchedule(id string, form map[string]string) (int, any) {
	sc, ok := f.schedules[id]
	if !ok || sc.released {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such active schedule")
	}
	s := f.subs[sc.sub]
	end, _ := strconv.ParseInt(form["phases[0][end_date]"], 10, 64)
	if end != f.periodEnd(s).Unix() || form["phases[0][items][0][price]"] != s.price {
		return errorBody(400, "invalid_request_error", "", "the first phase must be the current price until the period ends")
	}
	if f.price(form["phases[1][items][0][price]"]) == nil {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such price")
	}
	sc.next = form["phases[1][items][0][price]"]
	return 200, f.scheduleJSON(sc)
}

func (f *Fake) refund(form map[string]string) (int, any) {
	ch, ok := f.charges[form["charge"]]
	if !ok {
		return errorBody(400, "invalid_request_error", "resource_missing", "No such charge")
	}
	amount, _ := strconv.ParseInt(form["amount"], 10, 64)
	if amount <= 0 || ch.refunded+amount > ch.amount {
		return errorBody(400, "invalid_request_error", "", fmt.Sprintf("Refund amount (%d) is greater than unrefunded amount on charge (%d)", amount, ch.amount-ch.refunded))
	}
	ch.refunded += amount
	f.emit("charge.refunded", f.chargeJSON(ch))
	return 200, map[string]any{"id": f.id("re"), "object": "refund", "amount": amount, "charge": ch.id, "status": "succeeded"}
}

// Dispute opens a chargeback on the charge of invoice, queuing charge.dispute.created.
func (f *Fake) Dispute(invoiceID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	inv := f.invoices[invoiceID]
	ch := f.charges[inv.charge]
	f.emit("charge.dispute.created", map[string]any{"id": f.id("dp"), "object": "dispute", "charge": ch.id,
		"amount": ch.amount, "status": "needs_response"})
}

// Invoice is what an invoice charged, and what was refunded of it.
type Invoice struct {
	ID, Reason     string
	Paid, Refunded int64 // tax included; 0 when unpaid
}

// Invoices lists a subscription's invoices, oldest first.
func (f *Fake) Invoices(subID string) []Invoice {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Invoice
	for _, inv := range f.invoices {
		if inv.sub == subID {
			i := Invoice{ID: inv.id, Reason: inv.reason}
			if inv.paid {
				i.Paid, i.Refunded = inv.total(), f.charges[inv.charge].refunded
			}
			out = append(out, i)
		}
	}
	slices.SortFunc(out, func(a, b Invoice) int { return strings.Compare(a.ID, b.ID) })
	return out
}

// SubscriptionStatus reads a subscription's status.
func (f *Fake) SubscriptionStatus(id string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return string(f.subs[id].status)
}

// periodEnd is the end of a subscription's current period: the anchor's day of the month
// (clamped to the month's last day) at its time, period+1 months on.
func (f *Fake) periodEnd(s *sub) time.Time   { return monthsAfter(s.anchor, s.period+1) }
func (f *Fake) periodStart(s *sub) time.Time { return monthsAfter(s.anchor, s.period) }

func monthsAfter(anchor time.Time, k int) time.Time {
	y, m := anchor.Year(), int(anchor.Month())-1+k
	y, m = y+m/12, m%12
	last := time.Date(y, time.Month(m+2), 0, 0, 0, 0, 0, time.UTC).Day()
	return time.Date(y, time.Month(m+1), min(anchor.Day(), last), anchor.Hour(), anchor.Minute(), anchor.Second(), 0, time.UTC)
}

func (f *Fake) tax(amount int64) int64 {
	return int64(math.Round(float64(amount) * float64(f.TaxPercent) / 100))
}

func (f *Fake) cycleLine(s *sub) line {
	p := f.price(s.price)
	return line{amount: p.amount, tax: f.tax(p.amount), start: f.periodStart(s), end: f.periodEnd(s), price: p.id}
}

// prorationLines are Stripe's two proration items for a price change at at: the unused
// time on the old price credited, the remaining time on the new one charged.
func (f *Fake) prorationLines(s *sub, newPrice string, at time.Time) []line {
	start, end := f.periodStart(s), f.periodEnd(s)
	left := float64(end.Sub(at)) / float64(end.Sub(start))
	unused := -int64(math.Round(float64(f.price(s.price).amount) * left))
	remaining := int64(math.Round(float64(f.price(newPrice).amount) * left))
	return []line{
		{amount: unused, tax: f.tax(unused), proration: true, start: at, end: end, price: s.price},
		{amount: remaining, tax: f.tax(remaining), proration: true, start: at, end: end, price: newPrice},
	}
}

func (f *Fake) newInvoice(s *sub, reason string, lines []line) *invoice {
	inv := &invoice{id: f.id("in"), customer: s.customer, sub: s.id, reason: reason, currency: f.price(s.price).currency,
		lines: lines, created: f.now().UTC()}
	f.invoices[inv.id] = inv
	s.latest = inv.id
	return inv
}

func (inv *invoice) subtotal() (amount, tax int64) {
	for _, l := range inv.lines {
		amount += l.amount
		tax += l.tax
	}
	return amount, tax
}

func (inv *invoice) total() int64 {
	a, t := inv.subtotal()
	return a + t
}

func (f *Fake) pay(inv *invoice) {
	ch := &charge{id: f.id("ch"), invoice: inv.id, customer: inv.customer, amount: inv.total()}
	f.charges[ch.id] = ch
	inv.charge, inv.paid = ch.id, true
}

func (f *Fake) emit(typ string, object any) {
	raw, _ := json.Marshal(object)
	id := f.id("evt")
	payload, _ := json.Marshal(map[string]any{"id": id, "object": "event", "api_version": stripe.APIVersion,
		"created": f.now().Unix(), "type": typ, "livemode": false, "pending_webhooks": 1,
		"data": map[string]any{"object": json.RawMessage(raw)}})
	f.events = append(f.events, Event{ID: id, Type: typ, Payload: payload})
}

func (f *Fake) subJSON(s *sub, latest *invoice) map[string]any {
	p := f.price(s.price)
	out := map[string]any{"id": s.id, "object": "subscription", "customer": s.customer, "status": string(s.status),
		"billing_cycle_anchor": s.anchor.Unix(), "created": s.created.Unix(),
		"current_period_start": f.periodStart(s).Unix(), "current_period_end": f.periodEnd(s).Unix(),
		"metadata":       s.metadata,
		"automatic_tax":  map[string]any{"enabled": true},
		"latest_invoice": s.latest,
		"items": list([]any{map[string]any{"id": s.item, "object": "subscription_item", "price": p.json(), "quantity": 1}},
			"/v1/subscription_items"),
	}
	if s.schedule != nil {
		out["schedule"] = s.schedule.id
	}
	if !s.canceled.IsZero() {
		out["canceled_at"] = s.canceled.Unix()
	}
	if latest != nil {
		out["latest_invoice"] = f.invoiceJSON(latest)
	}
	return out
}

func (f *Fake) invoiceJSON(inv *invoice) map[string]any {
	var lines []any
	for _, l := range inv.lines {
		lines = append(lines, map[string]any{"object": "line_item", "amount": l.amount, "proration": l.proration,
			"period": map[string]any{"start": l.start.Unix(), "end": l.end.Unix()}, "price": f.price(l.price).json(),
			"tax_amounts": []any{map[string]any{"amount": l.tax, "inclusive": false}}})
	}
	amount, tax := inv.subtotal()
	out := map[string]any{"id": inv.id, "object": "invoice", "customer": inv.customer, "subscription": inv.sub,
		"billing_reason": inv.reason, "currency": inv.currency, "subtotal": amount, "tax": tax, "total": amount + tax,
		"amount_due": amount + tax, "created": inv.created.Unix(), "lines": list(lines, "/v1/invoices/"+inv.id+"/lines")}
	if inv.paid {
		out["status"], out["paid"], out["amount_paid"], out["charge"] = "paid", true, amount+tax, inv.charge
		out["status_transitions"] = map[string]any{"paid_at": inv.created.Unix()}
	} else {
		out["status"] = "open"
	}
	return out
}

func (f *Fake) chargeJSON(ch *charge) map[string]any {
	return map[string]any{"id": ch.id, "object": "charge", "amount": ch.amount, "amount_refunded": ch.refunded,
		"refunded": ch.refunded == ch.amount, "invoice": ch.invoice, "customer": ch.customer}
}

func (f *Fake) scheduleJSON(sc *schedule) map[string]any {
	return map[string]any{"id": sc.id, "object": "subscription_schedule", "subscription": sc.sub, "status": "active"}
}

func list(data []any, url string) map[string]any {
	if data == nil {
		data = []any{}
	}
	return map[string]any{"object": "list", "data": data, "has_more": false, "url": url}
}

func errorBody(status int, typ, code, message string) (int, any) {
	return status, map[string]any{"error": map[string]any{"type": typ, "code": code, "message": message}}
}

func writeError(w http.ResponseWriter, status int, typ, code, message string) {
	_, body := errorBody(status, typ, code, message)
	out, _ := json.Marshal(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(out)
}

// ChangePrice moves a subscription to another price as a change made in Stripe's dashboard
// would, with no invoice, queuing customer.subscription.updated.
func (f *Fake) ChangePrice(subID, priceID string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	s := f.subs[subID]
	s.price = priceID
	f.emit("customer.subscription.updated", f.subJSON(s, nil))
}

// PriceID is the active price with a lookup key.
func (f *Fake) PriceID(lookupKey string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range f.prices {
		if p.active && p.lookupKey == lookupKey {
			return p.id
		}
	}
	return ""
}
