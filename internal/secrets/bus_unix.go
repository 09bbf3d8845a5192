//go:build linux || freebsd || openbsd || netbsd || dragonfly

package secrets

import (
	"context"
	"fmt"
	"os"
	"slices"

	"github.com/godbus/dbus/v5"
)

const backendName = "secret-service"

const secretsName = "org.freedesktop.secrets"

// platformPrecheck runs before every go-keyring call. Without DBUS_SESSION_BUS_ADDRESS, godbus would
// autolaunch a bus whose daemons outlive the app; so there is no keyring then, and we say so at once.
// The private connection also reflects the environment now, not a bus cached by an earlier call.
func platformPrecheck(ctx context.Context) error {
	conn, err := sessionBus(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return secretServicePresent(ctx, conn)
}

// platformProbe adds the lock check: go-keyring would answer a locked keyring with an unlock prompt.
func platformProbe(ctx context.Context) error {
	conn, err := sessionBus(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := secretServicePresent(ctx, conn); err != nil {
		return err
	}
	for _, path := range []dbus.ObjectPath{"/org/freedesktop/secrets/collection/login", "/org/freedesktop/secrets/aliases/default"} {
		var locked dbus.Variant
		err := conn.Object(secretsName, path).CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0,
			"org.freedesktop.Secret.Collection", "Locked").Store(&locked)
		if err != nil {
			continue // no such collection; try the alias
		}
		if b, ok := locked.Value().(bool); ok && b {
			return fmt.Errorf("%w: keyring locked", ErrUnavailable)
		}
		return nil
	}
	return fmt.Errorf("%w: the Secret Service has no default keyring", ErrUnavailable)
}

func sessionBus(ctx context.Context) (*dbus.Conn, error) {
	addr := os.Getenv("DBUS_SESSION_BUS_ADDRESS")
	if addr == "" {
		return nil, fmt.Errorf("%w: no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)", ErrUnavailable)
	}
	conn, err := dbus.Connect(addr, dbus.WithContext(ctx))
	if err != nil {
		return nil, fmt.Errorf("%w: no D-Bus session bus (%v)", ErrUnavailable, err)
	}
	return conn, nil
}

func secretServicePresent(ctx context.Context, conn *dbus.Conn) error {
	var owned bool
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, secretsName).Store(&owned); err != nil {
		return fmt.Errorf("%w: D-Bus session bus does not answer (%v)", ErrUnavailable, err)
	}
	if owned {
		return nil
	}
	var names []string
	if err := conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.ListActivatableNames", 0).Store(&names); err == nil &&
		slices.Contains(names, secretsName) {
		return nil
	}
	return fmt.Errorf("%w: no Secret Service on the session bus (gnome-keyring, KeePassXC or similar)", ErrUnavailable)
}
