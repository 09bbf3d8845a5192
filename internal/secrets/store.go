// Package secrets keeps the few things that make the next sign-in smoother in the OS keyring (Secret
// Service, macOS Keychain, Windows Credential Manager): a username hint, the chosen identity provider and
// the key that encrypts local logs. Nothing dangerous: passwords, SAML assertions, tokens and cookies are
// refused by an allow-list of keys.
//
// Every OS call has a deadline, because a Secret Service unlock prompt can wait on D-Bus forever. Without a
// usable keyring the app keeps working: Probe says why the feature is off.
package secrets

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Store keeps small values under allow-listed keys.
type Store interface {
	// Get returns ErrNotFound when nothing is stored under key.
	Get(ctx context.Context, key Key) (string, error)
	Set(ctx context.Context, key Key, value string) error
	// Delete of a missing key is not an error.
	Delete(ctx context.Context, key Key) error
}

// Key names one of the things the app may keep.
type Key string

// The allow-list. Adding a key is a security decision: never passwords, assertions, tokens or cookies.
const (
	KeyUsernameHint     Key = "username-hint"      // shown on the sign-in screen ("Last signed in as …")
	KeyIdentityProvider Key = "identity-provider"  // the provider (loginUrl) the agent chose last
	KeyLogEncryption    Key = "log-encryption-key" // encodes the key that encrypts local logs
)

// maxLen per key: small values only; all are far below the OS limits.
var allowed = map[Key]int{
	KeyUsernameHint:     256,
	KeyIdentityProvider: 2048,
	KeyLogEncryption:    512,
}

// MaxValueSize is the largest value any OS keyring takes portably: Windows Credential Manager stores at
// most 2560 bytes; macOS refuses a little under 3 KB once go-keyring has base64-encoded it.
const MaxValueSize = 2560

var (
	ErrNotFound    = errors.New("secret not found")
	ErrUnavailable = errors.New("keyring unavailable")
	ErrTimeout     = errors.New("keyring did not answer in time")
	ErrNotAllowed  = errors.New("not allowed in the keyring")
	ErrTooLarge    = errors.New("value too large for the keyring")
)

// Allowed reports whether key is on the allow-list.
func Allowed(key Key) bool {
	_, ok := allowed[key]
	return ok
}

// check enforces the allow-list and sizes. Errors name the key and sizes, never the value.
func check(key Key, value string, set bool) error {
	limit, ok := allowed[key]
	if !ok {
		return fmt.Errorf("%w: key %q (only %s)", ErrNotAllowed, key, allowedList())
	}
	if !set {
		return nil
	}
	if len(value) > MaxValueSize {
		return fmt.Errorf("%w: %s is %d bytes, OS keyrings take at most %d (Windows Credential Manager)",
			ErrTooLarge, key, len(value), MaxValueSize)
	}
	if len(value) > limit {
		return fmt.Errorf("%w: %s is %d bytes, at most %d", ErrTooLarge, key, len(value), limit)
	}
	if !utf8.ValidString(value) {
		return fmt.Errorf("%w: %s must be UTF-8 text (encode binary keys)", ErrNotAllowed, key)
	}
	if looksDangerous(value) {
		return fmt.Errorf("%w: %s looks like an assertion, cookie or password", ErrNotAllowed, key)
	}
	return nil
}

// looksDangerous is a second line behind the allow-list: a value shaped like what must never be stored.
func looksDangerous(v string) bool {
	l := strings.ToLower(v)
	for _, s := range []string{"<saml", "samlresponse", ":assertion", "set-cookie", "cookie:", "password="} {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

func allowedList() string {
	return string(KeyUsernameHint) + ", " + string(KeyIdentityProvider) + ", " + string(KeyLogEncryption)
}
