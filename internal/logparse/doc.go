// Package logparse turns CCP logs into a timeline: a Streams agent-log
// download (agent-log.txt, ccp-<region>-agent-log.txt: a JSON array of
// LogEntry objects), ccpdesk's own segments or JSON lines, or a support
// bundle zip. It reports agent state changes, contacts, API calls with
// latency and errors, snapshot gaps, clock skew and softphone errors with
// their known causes.
//
// Files can be large (a day of logs is hundreds of MB), damaged (a download
// cut short) or hand-edited, so parsing streams through the input with its
// own small JSON scanner: it finds each entry's extent without building a
// tree, decodes only the fields the timeline needs, and after a syntax error
// reports the position and resynchronises at the next entry. encoding/json's
// Decoder measured 46 MB/s on this kind of input; the target is 200 MB/s.
package logparse
