package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters. They are written into every hash, so changing
// the defaults only affects new hashes; old ones keep verifying with their own parameters
// until NeedsRehash says to replace them.
type Params struct {
	Memory     uint32 // KiB of memory per hash, e.g. 19456 = 19 MiB
	Iterations uint32 // passes over that memory (argon2's "t")
	Threads    uint8  // parallel lanes (argon2's "p"); 1 keeps a sign-in on one core
}

// DefaultParams follow the OWASP Password Storage Cheat Sheet's argon2id minimum
// (19 MiB, 2 passes, 1 lane): about 30–50 ms per hash on a server core, so a 2-core server
// still answers dozens of sign-ins a second while an offline guesser pays 19 MiB per guess.
var DefaultParams = Params{Memory: 19 * 1024, Iterations: 2, Threads: 1}

// TestParams are cheap enough for unit tests that hash many passwords. Never use them for
// real accounts.
var TestParams = Params{Memory: 64, Iterations: 1, Threads: 1}

const (
	saltLen = 16 // bytes; 128 random bits make salt collisions irrelevant
	keyLen  = 32 // bytes of derived key stored in the hash

	// Bounds on parameters read back from storage. A tampered or corrupted row could
	// otherwise ask Verify for gigabytes of memory or minutes of CPU on every sign-in.
	// They leave ample room above DefaultParams (and RFC 9106's 64 MiB, t=3, p=4 profile).
	maxMemory     = 256 * 1024 // KiB = 256 MiB
	maxIterations = 10
	maxThreads    = 16
	minSaltLen    = 8 // RFC 9106's minimum
	maxSaltLen    = 64
	minKeyLen     = 16
	maxKeyLen     = 64
	// The longest hash within the bounds above is under 220 bytes; refusing longer input up
	// front keeps a garbage row from costing more than a length check.
	maxEncodedLen = 256
)

// b64 is the PHC string format's base64: standard alphabet, no padding. Strict decoding
// rejects non-zero trailing bits, so each hash has exactly one spelling.
var b64 = base64.RawStdEncoding.Strict()

// Hasher hashes and verifies passwords with its Params. The zero Hasher uses DefaultParams;
// tests use Hasher{Params: TestParams} so they do not spend 19 MiB and 40 ms per hash.
type Hasher struct {
	Params Params
}

// DefaultHasher is what HashPassword, Verify and NeedsRehash use. A test binary may swap it
// for Hasher{Params: TestParams} in TestMain; nothing should change it while running.
var DefaultHasher = Hasher{Params: DefaultParams}

// HashPassword hashes a password with DefaultHasher; see Hasher.Hash.
func HashPassword(password string) (string, error) { return DefaultHasher.Hash(password) }

// Verify checks a password against a stored hash; see Hasher.Verify.
func Verify(encoded, password string) (bool, error) { return DefaultHasher.Verify(encoded, password) }

// NeedsRehash reports whether a stored hash is weaker than DefaultHasher's parameters; see
// Hasher.NeedsRehash.
func NeedsRehash(encoded string) bool { return DefaultHasher.NeedsRehash(encoded) }

func (h Hasher) params() Params {
	if h.Params == (Params{}) {
		return DefaultParams
	}
	return h.Params
}

// Hash returns the password's argon2id hash in PHC string format,
//
//	$argon2id$v=19$m=19456,t=2,p=1$<salt>$<key>
//
// with a fresh 16-byte random salt, so two hashes of one password differ. It does not
// judge the password; call ValidatePassword first when a password is being set.
func (h Hasher) Hash(password string) (string, error) {
	p := h.params()
	if err := p.check(); err != nil {
		return "", fmt.Errorf("hash password: unusable Params: %w", err)
	}
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: read random salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Iterations, p.Memory, p.Threads, keyLen)
	return encodeHash(p, salt, key), nil
}

// Verify reports whether password matches the encoded hash. The cost parameters, salt and
// key length come from the hash itself, not from h, so hashes made under older defaults
// keep working. A wrong password gives (false, nil); a hash that cannot be parsed or is
// out of bounds gives (false, error wrapping ErrMalformedHash). The comparison takes the
// same time wherever the keys differ.
func (h Hasher) Verify(encoded, password string) (bool, error) {
	d, err := decodeHash(encoded)
	if err != nil {
		return false, err
	}
	key := argon2.IDKey([]byte(password), d.salt, d.params.Iterations, d.params.Memory, d.params.Threads, uint32(len(d.key)))
	return subtle.ConstantTimeCompare(key, d.key) == 1, nil
}

// NeedsRehash reports whether an encoded hash is weaker than h's parameters (less memory,
// fewer passes, a shorter salt or key) or cannot be parsed at all. Call it after a
// successful Verify, while the plain password is at hand, and store a fresh Hash if it says
// so. Threads are not compared: more lanes spread the same work over more cores but do
// not make a guess cheaper, so a hash with fewer lanes is not weaker.
func (h Hasher) NeedsRehash(encoded string) bool {
	d, err := decodeHash(encoded)
	if err != nil {
		return true
	}
	cur := h.params()
	return d.params.Memory < cur.Memory || d.params.Iterations < cur.Iterations ||
		len(d.salt) < saltLen || len(d.key) < keyLen
}

// check rejects parameters argon2 cannot use (it panics on zero passes or lanes) or that
// exceed the bounds Verify accepts, so every hash made here can also be verified.
func (p Params) check() error {
	switch {
	case p.Iterations < 1 || p.Iterations > maxIterations:
		return fmt.Errorf("t=%d is outside 1..%d", p.Iterations, maxIterations)
	case p.Threads < 1 || p.Threads > maxThreads:
		return fmt.Errorf("p=%d is outside 1..%d", p.Threads, maxThreads)
	case p.Memory < 8*uint32(p.Threads) || p.Memory > maxMemory:
		// argon2 needs at least 8 KiB per lane and would silently round a smaller value up.
		return fmt.Errorf("m=%d KiB is outside %d..%d for p=%d", p.Memory, 8*uint32(p.Threads), maxMemory, p.Threads)
	}
	return nil
}

type decodedHash struct {
	params    Params
	salt, key []byte
}

func encodeHash(p Params, salt, key []byte) string {
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Iterations, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

// decodeHash parses exactly the format encodeHash writes. It is strict on purpose
// (canonical numbers, canonical base64, fixed field order, no optional PHC fields):
// anything else did not come from this package and is treated as tampering.
func decodeHash(encoded string) (decodedHash, error) {
	var d decodedHash
	if len(encoded) > maxEncodedLen {
		return d, fmt.Errorf("%w: %d bytes is longer than any valid hash", ErrMalformedHash, len(encoded))
	}
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[0] != "" {
		return d, fmt.Errorf("%w: want 5 '$'-separated fields", ErrMalformedHash)
	}
	if parts[1] != "argon2id" {
		return d, fmt.Errorf("%w: algorithm is not argon2id", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return d, fmt.Errorf("%w: unsupported argon2 version", ErrMalformedHash)
	}
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return d, fmt.Errorf("%w: want parameters m=,t=,p=", ErrMalformedHash)
	}
	m, err1 := parseParam(fields[0], "m=", 32)
	t, err2 := parseParam(fields[1], "t=", 32)
	p, err3 := parseParam(fields[2], "p=", 8)
	if err1 != nil || err2 != nil || err3 != nil {
		return d, fmt.Errorf("%w: want parameters m=<KiB>,t=<passes>,p=<lanes>", ErrMalformedHash)
	}
	d.params = Params{Memory: uint32(m), Iterations: uint32(t), Threads: uint8(p)}
	if err := d.params.check(); err != nil {
		return d, fmt.Errorf("%w: %v", ErrMalformedHash, err)
	}
	var ok bool
	if d.salt, ok = decodeB64(parts[4], minSaltLen, maxSaltLen); !ok {
		return d, fmt.Errorf("%w: salt must be %d..%d bytes of unpadded base64", ErrMalformedHash, minSaltLen, maxSaltLen)
	}
	if d.key, ok = decodeB64(parts[5], minKeyLen, maxKeyLen); !ok {
		return d, fmt.Errorf("%w: key must be %d..%d bytes of unpadded base64", ErrMalformedHash, minKeyLen, maxKeyLen)
	}
	return d, nil
}

// decodeB64 decodes one base64 field of minLen..maxLen bytes. Go's decoder skips '\r' and
// '\n' even in strict mode, so the result is re-encoded and compared: only the one
// canonical spelling of the bytes is accepted.
func decodeB64(s string, minLen, maxLen int) ([]byte, bool) {
	b, err := b64.DecodeString(s)
	if err != nil || len(b) < minLen || len(b) > maxLen || b64.EncodeToString(b) != s {
		return nil, false
	}
	return b, true
}

// parseParam reads "<prefix><decimal>" and insists on the canonical spelling (no sign, no
// leading zeros), so a hash cannot be altered without its text changing meaning.
func parseParam(s, prefix string, bits int) (uint64, error) {
	digits, ok := strings.CutPrefix(s, prefix)
	if !ok {
		return 0, fmt.Errorf("missing %q", prefix)
	}
	v, err := strconv.ParseUint(digits, 10, bits)
	if err != nil {
		return 0, err
	}
	if strconv.FormatUint(v, 10) != digits {
		return 0, fmt.Errorf("non-canonical number %q", digits)
	}
	return v, nil
}
