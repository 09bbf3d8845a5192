// Package logs captures ccpdesk's logs (Streams' CCP and CRM loggers, the
// frontend, and Go's own zerolog output) as redacted records in crash-safe,
// append-only segment files, and exports them as a support bundle.
//
// The write path is: Ingest/Append → redaction (keyed pseudonyms) → framing
// (length, sequence number, time, CRC32C, optional AES-GCM) → one write(2) per
// batch. A record is acknowledged only after its write returned, so a kill -9
// of the process never loses an acknowledged record; power loss depends on the
// fsync policy. See docs/logs.md.
package logs
