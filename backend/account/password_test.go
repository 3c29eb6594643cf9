package account

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// testHasher keeps the many hashes in these tests cheap; the cost parameters are
// exercised through the encoded strings instead.
var testHasher = Hasher{Params: TestParams}

func mustHash(t testing.TB, h Hasher, pw string) string {
	t.Helper()
	enc, err := h.Hash(pw)
	if err != nil {
		t.Fatalf("Hash: %v", err)
	}
	return enc
}

func mustDecode(t testing.TB, s string) []byte {
	t.Helper()
	b, err := b64.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestHashVerifyRoundTrip(t *testing.T) {
	for _, pw := range []string{"correct horse battery staple", "", "пароль-ключ", strings.Repeat("x", 1000)} {
		enc := mustHash(t, testHasher, pw)
		if !strings.HasPrefix(enc, "$argon2id$v=19$m=64,t=1,p=1$") {
			t.Errorf("hash %q does not start with the PHC prefix for TestParams", enc)
		}
		if ok, err := testHasher.Verify(enc, pw); !ok || err != nil {
			t.Errorf("Verify(right password) = %v, %v; want true, nil", ok, err)
		}
		if ok, err := testHasher.Verify(enc, pw+"!"); ok || err != nil {
			t.Errorf("Verify(wrong password) = %v, %v; want false, nil", ok, err)
		}
	}
}

func TestHashesOfOnePasswordDiffer(t *testing.T) {
	a, b := mustHash(t, testHasher, "same password"), mustHash(t, testHasher, "same password")
	if a == b {
		t.Fatalf("two hashes are identical (%s): the salt is not random", a)
	}
	da, _ := decodeHash(a)
	if len(da.salt) != saltLen || len(da.key) != keyLen {
		t.Errorf("salt %d bytes, key %d bytes; want %d and %d", len(da.salt), len(da.key), saltLen, keyLen)
	}
}

func TestVerifyHonoursParametersInTheHash(t *testing.T) {
	// Made under other parameters than the verifier's: Verify must use the hash's own.
	p := Params{Memory: 128, Iterations: 3, Threads: 2}
	enc := mustHash(t, Hasher{Params: p}, "pw")
	if !strings.Contains(enc, "$m=128,t=3,p=2$") {
		t.Fatalf("hash %q does not record its parameters", enc)
	}
	if ok, err := testHasher.Verify(enc, "pw"); !ok || err != nil {
		t.Fatalf("Verify with other defaults = %v, %v; want true, nil", ok, err)
	}
	d, err := decodeHash(enc)
	if err != nil {
		t.Fatal(err)
	}
	if want := argon2.IDKey([]byte("pw"), d.salt, 3, 128, 2, keyLen); !bytes.Equal(d.key, want) {
		t.Errorf("stored key is not argon2id(m=128,t=3,p=2)")
	}
}

func TestZeroHasherUsesDefaults(t *testing.T) {
	enc := mustHash(t, Hasher{}, "pw")
	if !strings.HasPrefix(enc, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Errorf("zero Hasher hash = %q, want DefaultParams", enc)
	}
	if DefaultHasher.Params != DefaultParams {
		t.Errorf("DefaultHasher.Params = %+v, want %+v", DefaultHasher.Params, DefaultParams)
	}
}

func TestHashRejectsUnusableParams(t *testing.T) {
	for _, p := range []Params{
		{Memory: 64, Iterations: 0, Threads: 1},
		{Memory: 64, Iterations: 1, Threads: 0},
		{Memory: 15, Iterations: 1, Threads: 2},
		{Memory: maxMemory + 1, Iterations: 1, Threads: 1},
		{Memory: 64, Iterations: maxIterations + 1, Threads: 1},
		{Memory: 1024, Iterations: 1, Threads: maxThreads + 1},
	} {
		if enc, err := (Hasher{Params: p}).Hash("pw"); err == nil {
			t.Errorf("Hash with %+v = %q, want an error", p, enc)
		}
	}
}

func TestVerifyRejectsTamperedHashes(t *testing.T) {
	enc := mustHash(t, testHasher, "pw")
	parts := strings.Split(enc, "$") // "", argon2id, v=19, m=64,t=1,p=1, salt, key
	join := func(f ...string) string { return strings.Join(f, "$") }
	salt, key := parts[4], parts[5]
	flip := func(s string, i int) string { // change one base64 digit, keeping it canonical
		b := []byte(s)
		b[i] = map[bool]byte{true: 'B', false: 'A'}[b[i] == 'A']
		return string(b)
	}
	b64of := func(n int) string { return b64.EncodeToString(bytes.Repeat([]byte{7}, n)) }

	tests := []struct {
		name      string
		encoded   string
		malformed bool // want an ErrMalformedHash error; otherwise (false, nil)
	}{
		{"key changed", join("", "argon2id", "v=19", parts[3], salt, flip(key, 5)), false},
		{"salt changed", join("", "argon2id", "v=19", parts[3], flip(salt, 5), key), false},
		{"memory changed", join("", "argon2id", "v=19", "m=128,t=1,p=1", salt, key), false},
		{"passes changed", join("", "argon2id", "v=19", "m=64,t=2,p=1", salt, key), false},
		{"lanes changed", join("", "argon2id", "v=19", "m=64,t=1,p=2", salt, key), false},
		{"key truncated to 16 bytes", join("", "argon2id", "v=19", parts[3], salt, b64.EncodeToString(mustDecode(t, key)[:16])), false},
		{"empty", "", true},
		{"only separators", "$$$$$", true},
		{"missing leading $", enc[1:], true},
		{"extra field", enc + "$x", true},
		{"missing key", join("", "argon2id", "v=19", parts[3], salt), true},
		{"argon2i", join("", "argon2i", "v=19", parts[3], salt, key), true},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy", true},
		{"old version", join("", "argon2id", "v=16", parts[3], salt, key), true},
		{"version missing", join("", "argon2id", parts[3], salt, key, ""), true},
		{"parameters reordered", join("", "argon2id", "v=19", "t=1,m=64,p=1", salt, key), true},
		{"parameter missing", join("", "argon2id", "v=19", "m=64,t=1", salt, key), true},
		{"extra PHC parameter", join("", "argon2id", "v=19", "m=64,t=1,p=1,keyid=x", salt, key), true},
		{"leading zero", join("", "argon2id", "v=19", "m=064,t=1,p=1", salt, key), true},
		{"plus sign", join("", "argon2id", "v=19", "m=+64,t=1,p=1", salt, key), true},
		{"negative", join("", "argon2id", "v=19", "m=64,t=-1,p=1", salt, key), true},
		{"not a number", join("", "argon2id", "v=19", "m=lots,t=1,p=1", salt, key), true},
		{"uint32 overflow", join("", "argon2id", "v=19", "m=4294967296,t=1,p=1", salt, key), true},
		{"zero passes", join("", "argon2id", "v=19", "m=64,t=0,p=1", salt, key), true},
		{"zero lanes", join("", "argon2id", "v=19", "m=64,t=1,p=0", salt, key), true},
		{"memory below 8 KiB per lane", join("", "argon2id", "v=19", "m=15,t=1,p=2", salt, key), true},
		{"memory cap", join("", "argon2id", "v=19", fmt.Sprintf("m=%d,t=1,p=1", maxMemory+1), salt, key), true},
		{"passes cap", join("", "argon2id", "v=19", fmt.Sprintf("m=64,t=%d,p=1", maxIterations+1), salt, key), true},
		{"lanes cap", join("", "argon2id", "v=19", fmt.Sprintf("m=256,t=1,p=%d", maxThreads+1), salt, key), true},
		{"lanes beyond uint8", join("", "argon2id", "v=19", "m=4096,t=1,p=256", salt, key), true},
		{"padded base64", join("", "argon2id", "v=19", parts[3], salt+"==", key), true},
		{"url base64", join("", "argon2id", "v=19", parts[3], strings.Repeat("_", 22), key), true},
		{"non-canonical trailing bits", join("", "argon2id", "v=19", parts[3], salt[:21]+"B", key), true},
		{"salt too short", join("", "argon2id", "v=19", parts[3], b64of(minSaltLen-1), key), true},
		{"salt too long", join("", "argon2id", "v=19", parts[3], b64of(maxSaltLen+1), key), true},
		{"key too short", join("", "argon2id", "v=19", parts[3], salt, b64of(minKeyLen-1)), true},
		{"key too long", join("", "argon2id", "v=19", parts[3], salt, b64of(maxKeyLen+1)), true},
		{"overlong string", enc + strings.Repeat("A", maxEncodedLen), true},
		{"trailing newline", enc + "\n", true},
		{"newline inside the key", join("", "argon2id", "v=19", parts[3], salt, key[:20]+"\r\n"+key[20:]), true},
		{"space inside the salt", join("", "argon2id", "v=19", parts[3], salt[:10]+" "+salt[10:], key), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := testHasher.Verify(tt.encoded, "pw")
			if ok {
				t.Fatalf("Verify(%q) = true", tt.encoded)
			}
			if tt.malformed != errors.Is(err, ErrMalformedHash) {
				t.Fatalf("Verify(%q) error = %v, want malformed=%v", tt.encoded, err, tt.malformed)
			}
			if !tt.malformed && err != nil {
				t.Fatalf("Verify(%q) error = %v, want nil", tt.encoded, err)
			}
		})
	}
}

func TestDecodeAcceptsTheCaps(t *testing.T) {
	// The largest parameters a stored hash may ask for still parse (without running them).
	p := Params{Memory: maxMemory, Iterations: maxIterations, Threads: maxThreads}
	enc := encodeHash(p, make([]byte, maxSaltLen), make([]byte, maxKeyLen))
	if len(enc) > maxEncodedLen {
		t.Fatalf("largest valid hash is %d bytes, over maxEncodedLen %d", len(enc), maxEncodedLen)
	}
	d, err := decodeHash(enc)
	if err != nil || d.params != p {
		t.Fatalf("decodeHash(%q) = %+v, %v", enc, d.params, err)
	}
}

func TestNeedsRehash(t *testing.T) {
	salt, key := make([]byte, saltLen), make([]byte, keyLen)
	with := func(m, t uint32, p uint8) string { return encodeHash(Params{m, t, p}, salt, key) }
	def := DefaultParams
	tests := []struct {
		name    string
		encoded string
		want    bool
	}{
		{"current defaults", with(def.Memory, def.Iterations, def.Threads), false},
		{"more memory", with(2*def.Memory, def.Iterations, def.Threads), false},
		{"more passes", with(def.Memory, def.Iterations+1, def.Threads), false},
		{"more lanes", with(def.Memory, def.Iterations, 4), false},
		{"less memory", with(def.Memory-1, def.Iterations, def.Threads), true},
		{"fewer passes", with(def.Memory, def.Iterations-1, def.Threads), true},
		{"test parameters", mustHash(t, testHasher, "pw"), true},
		{"short salt", encodeHash(def, salt[:8], key), true},
		{"short key", encodeHash(def, salt, key[:16]), true},
		{"malformed", "not a hash", true},
	}
	for _, tt := range tests {
		if got := DefaultHasher.NeedsRehash(tt.encoded); got != tt.want {
			t.Errorf("%s: NeedsRehash = %v, want %v", tt.name, got, tt.want)
		}
	}
	if NeedsRehash(with(def.Memory, def.Iterations, def.Threads)) {
		t.Errorf("package NeedsRehash disagrees with DefaultHasher")
	}
}

func FuzzVerify(f *testing.F) {
	valid := mustHash(f, testHasher, "pw")
	f.Add(valid, "pw")
	f.Add(valid, "wrong")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "")
	f.Add("$argon2id$v=19$m=4294967295,t=4294967295,p=255$$", "x")
	f.Add("$$$$$", "")
	f.Fuzz(func(t *testing.T, encoded, password string) {
		d, derr := decodeHash(encoded)
		if derr == nil {
			// The parser is strict: whatever it accepts is exactly what encodeHash writes.
			if again := encodeHash(d.params, d.salt, d.key); again != encoded {
				t.Fatalf("accepted non-canonical %q (canonical %q)", encoded, again)
			}
			// Costly but valid parameters are bounded by the caps tested above; running them
			// here would only slow the fuzzer down.
			if uint64(d.params.Memory)*uint64(d.params.Iterations) > 4096 {
				return
			}
		}
		ok, err := testHasher.Verify(encoded, password)
		if (err != nil) != (derr != nil) || (err != nil && !errors.Is(err, ErrMalformedHash)) {
			t.Fatalf("Verify error %v, decode error %v", err, derr)
		}
		if ok && err != nil {
			t.Fatalf("Verify returned true with error %v", err)
		}
		if derr != nil && !testHasher.NeedsRehash(encoded) {
			t.Fatalf("NeedsRehash(%q) = false for a malformed hash", encoded)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery staple"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkVerify(b *testing.B) {
	enc := mustHash(b, DefaultHasher, "correct horse battery staple")
	for b.Loop() {
		if ok, err := Verify(enc, "correct horse battery staple"); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
