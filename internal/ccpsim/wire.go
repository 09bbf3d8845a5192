package ccpsim

import (
	"crypto/sha1"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wireTime is a timestamp that must reach Streams as a real JS Date. It is sent as {"$date": epochMs};
// the CCP page revives every such object before posting it to the parent (structured clone keeps Dates).
type wireTime time.Time

func (t wireTime) MarshalJSON() ([]byte, error) {
	return []byte(`{"$date":` + strconv.FormatInt(time.Time(t).UnixMilli(), 10) + `}`), nil
}

func wt(t time.Time) *wireTime { w := wireTime(t); return &w }

// The types below are the parent-side shapes of GetAgentSnapshot / GetAgentConfiguration after Streams'
// worker has parsed them (protocol §4.1): Dates, omitted null structures, and the alias fields it adds.

type agentData struct {
	Snapshot      *snapshotWire      `json:"snapshot"`
	Configuration *configurationWire `json:"configuration"`
}

// rawAgentData is agentData with the snapshot already encoded (the same JSON).
type rawAgentData struct {
	Snapshot      json.RawMessage    `json:"snapshot"`
	Configuration *configurationWire `json:"configuration"`
}

type stateWire struct {
	AgentStateARN  *string   `json:"agentStateARN"`
	Type           string    `json:"type"`
	Name           string    `json:"name"`
	StartTimestamp *wireTime `json:"startTimestamp"`
}

type snapshotWire struct {
	State                  stateWire     `json:"state"`
	NextState              *stateWire    `json:"nextState,omitempty"`
	AgentAvailabilityState availWire     `json:"agentAvailabilityState"`
	Contacts               []contactWire `json:"contacts"`
	SnapshotTimestamp      *wireTime     `json:"snapshotTimestamp"`
}

type availWire struct {
	State     string    `json:"state"`
	TimeStamp *wireTime `json:"timeStamp"`
}

type queueWire struct {
	QueueARN string  `json:"queueARN"`
	Name     *string `json:"name"`
	QueueID  string  `json:"queueId"`
}

type contactStateWire struct {
	Type      string    `json:"type"`
	Timestamp *wireTime `json:"timestamp"`
}

type attrWire struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

type contactWire struct {
	ContactID         string                       `json:"contactId"`
	InitialContactID  *string                      `json:"initialContactId"`
	Type              string                       `json:"type"`
	State             contactStateWire             `json:"state"`
	Status            contactStateWire             `json:"status"`
	Queue             *queueWire                   `json:"queue,omitempty"`
	QueueTimestamp    *wireTime                    `json:"queueTimestamp"`
	Connections       []connectionWire             `json:"connections"`
	Attributes        map[string]attrWire          `json:"attributes"`
	SegmentAttributes map[string]map[string]string `json:"segmentAttributes,omitempty"`
	ContactDuration   string                       `json:"contactDuration"`
	Name              *string                      `json:"name"`
	Description       *string                      `json:"description"`
	References        map[string]any               `json:"references,omitempty"`
	InitiationMethod  string                       `json:"initiationMethod"`
	ContactFeatures   map[string]bool              `json:"contactFeatures,omitempty"`
	ChannelContext    map[string]any               `json:"channelContext,omitempty"`
}

type connectionWire struct {
	ConnectionID       string           `json:"connectionId"`
	Type               string           `json:"type"`
	Initial            bool             `json:"initial"`
	State              contactStateWire `json:"state"`
	Endpoint           *endpointWire    `json:"endpoint,omitempty"`
	Address            *endpointWire    `json:"address,omitempty"`
	SoftphoneMediaInfo map[string]any   `json:"softphoneMediaInfo,omitempty"`
	ChatMediaInfo      map[string]any   `json:"chatMediaInfo,omitempty"`
	Mute               *bool            `json:"mute"`
	QuickConnectName   *string          `json:"quickConnectName"`
	MonitorInfo        map[string]any   `json:"monitoringInfo,omitempty"`
}

type endpointWire struct {
	EndpointARN string     `json:"endpointARN"`
	Type        string     `json:"type"`
	Name        string     `json:"name"`
	PhoneNumber string     `json:"phoneNumber,omitempty"`
	AgentLogin  string     `json:"agentLogin,omitempty"`
	Queue       *queueWire `json:"queue,omitempty"`
}

type configurationWire struct {
	Name              string            `json:"name"`
	Username          string            `json:"username"`
	AgentARN          string            `json:"agentARN"`
	SoftphoneEnabled  bool              `json:"softphoneEnabled"`
	SoftphoneAutoAcc  bool              `json:"softphoneAutoAccept"`
	Extension         string            `json:"extension"`
	AgentPreferences  map[string]string `json:"agentPreferences"`
	RoutingProfile    routingProfWire   `json:"routingProfile"`
	Permissions       []string          `json:"permissions"`
	AgentStates       []stateWire       `json:"agentStates"`
	DialableCountries []string          `json:"dialableCountries"`
}

type routingProfWire struct {
	Name                  string         `json:"name"`
	RoutingProfileARN     string         `json:"routingProfileARN"`
	RoutingProfileID      string         `json:"routingProfileId"`
	DefaultOutboundQueue  queueWire      `json:"defaultOutboundQueue"`
	ChannelConcurrencyMap map[string]int `json:"channelConcurrencyMap"`
	Queues                []queueWire    `json:"queues"`
}

// apiError is the worker's error object; Streams receives it JSON-encoded as a string (protocol §3.1).
type apiError struct {
	Type        string   `json:"type"`
	Message     string   `json:"message"`
	Stack       []string `json:"stack"`
	RetryStatus string   `json:"retryStatus"`
	StatusCode  int      `json:"statusCode"`
}

func (e *apiError) Error() string { return e.Type + ": " + e.Message }

func (e *apiError) wire() string {
	b, _ := json.Marshal(e)
	return string(b)
}

func invalidState(format string, a ...any) *apiError {
	return &apiError{Type: "InvalidStateException", Message: fmt.Sprintf(format, a...), Stack: []string{}, RetryStatus: "none", StatusCode: 400}
}

func badEndpoint(format string, a ...any) *apiError {
	return &apiError{Type: "BadEndpointException", Message: fmt.Sprintf(format, a...), Stack: []string{}, RetryStatus: "none", StatusCode: 400}
}

// stableID derives a UUID-shaped hex id from names, so ARNs stay the same across restarts (agents' apps
// may cache them) and differ between regions as real replicas' ids do.
func stableID(parts ...string) string {
	// Memoised: every snapshot push and log line needs a dozen of these ARNs, and the set is small (kinds ×
	// regions × agents, queues, states); hashing and formatting them each time was a tenth of ccpsim's CPU.
	key := strings.Join(parts, "\x00")
	if id, ok := stableIDs.Load(key); ok {
		return id.(string)
	}
	id := newStableID(parts)
	stableIDs.Store(key, id)
	return id
}

var stableIDs sync.Map // joined parts → id

func newStableID(parts []string) string {
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	b := h.Sum(nil)
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func strp(s string) *string { return &s }
