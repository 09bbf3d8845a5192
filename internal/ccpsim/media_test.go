package ccpsim

import "testing"

func (f *fixture) mediaOwner() string {
	f.t.Helper()
	if o := f.agent().MediaOwner; o != nil {
		return o.PortID
	}
	return ""
}

func (f *fixture) wantMedia(id, state, port string) {
	f.t.Helper()
	m := f.contactView(id).Media
	if m == nil || m.State != state || m.PortID != port {
		f.t.Fatalf("contact %s media: got %+v, want state %q on %q", id, m, state, port)
	}
}

func TestMediaOwnerFirstSoftphoneCCP(t *testing.T) {
	f := newFixture(t)
	if f.mediaOwner() != "" {
		t.Fatal("no CCP: no owner")
	}
	sig := f.w.MediaPortOpened("agent1", "sig", "us-east-1", "https://vdi.example", false)
	if o := f.mediaOwner(); o != "" {
		t.Fatalf("a signalling CCP must not own the media; got %q", o)
	}
	med := f.w.MediaPortOpened("agent1", "med", "us-east-1", "https://desk.example", true)
	o := f.agent().MediaOwner
	if o == nil || o.PortID != "med" || o.ParentOrigin != "https://desk.example" || o.Via != "framed" || o.Region != "us-east-1" {
		t.Fatalf("owner: %+v", o)
	}
	// A later softphone CCP does not take over.
	late := f.w.MediaPortOpened("agent1", "late", "us-east-1", "https://desk2.example", false)
	f.w.MediaPortFramed("agent1", "late", true)
	if o := f.mediaOwner(); o != "med" {
		t.Fatalf("ownership must be sticky; got %q", o)
	}
	// The signalling CCP configuring without a framed softphone changes nothing.
	f.w.MediaPortFramed("agent1", "sig", false)
	// The owner goes: the next softphone CCP takes over, never the signalling one.
	f.w.MediaPortClosed("agent1", "med", med)
	if o := f.mediaOwner(); o != "late" {
		t.Fatalf("after the owner closed: got %q, want late", o)
	}
	f.w.MediaPortClosed("agent1", "late", late)
	if o := f.mediaOwner(); o != "" {
		t.Fatalf("only a signalling CCP left: got owner %q", o)
	}
	f.w.MediaPortClosed("agent1", "sig", sig)
}

func TestMediaOwnerThroughSoftphoneMaster(t *testing.T) {
	f := newFixture(t)
	f.w.MediaPortOpened("agent1", "a", "us-east-1", "https://a.example", false)
	f.w.MediaPortOpened("agent1", "b", "us-east-1", "https://b.example", false)
	// b's parent runs initSoftphoneManager and becomes master of connect::softphone.
	f.w.Master("agent1", "checkMaster", softphoneTopic, "b", false)
	f.w.MediaRecheck("agent1")
	if o := f.agent().MediaOwner; o == nil || o.PortID != "b" || o.Via != "master" {
		t.Fatalf("owner: %+v", o)
	}
	// a takes the master over: b no longer hosts the softphone.
	f.w.Master("agent1", "becomeMaster", softphoneTopic, "a", false)
	if o := f.mediaOwner(); o != "a" {
		t.Fatalf("after takeover: %q", o)
	}
	// Another topic does not count.
	f.w.ReleasePort("agent1", "a")
	f.w.Master("agent1", "checkMaster", "connect::ringtone", "b", false)
	if o := f.mediaOwner(); o != "" {
		t.Fatalf("ringtone master is not a softphone: %q", o)
	}
}

func TestMediaResumedPortKeepsOwnership(t *testing.T) {
	f := newFixture(t)
	old := f.w.MediaPortOpened("agent1", "p", "us-east-1", "https://a.example", true)
	// The page reconnects with its port id before the old socket's close is seen.
	f.w.MediaPortOpened("agent1", "p", "us-east-1", "https://a.example", true)
	f.w.MediaPortClosed("agent1", "p", old)
	if o := f.mediaOwner(); o != "p" {
		t.Fatalf("resumed page lost the media: %q", o)
	}
}

func TestMediaSessionFollowsTheCall(t *testing.T) {
	f := newFixture(t)
	f.w.MediaPortOpened("agent1", "sig", "us-east-1", "https://vdi.example", false)
	med := f.w.MediaPortOpened("agent1", "med", "us-east-1", "https://desk.example", true)
	f.available()
	id := f.contact(NewContact{Channel: "VOICE", From: "+15555550100", Queue: "BasicQueue"})
	f.wantMedia(id, MediaNone, "") // ringing
	f.mustAPI("acceptContact", map[string]any{"contactId": id})
	f.wantMedia(id, MediaActive, "med")
	f.w.SetMuted("agent1", true)
	f.wantMedia(id, MediaMuted, "med")
	f.w.SetMuted("agent1", false)
	f.mustAPI("holdConnection", map[string]any{"contactId": id, "connectionId": f.connOfType(id, "inbound", 0).ConnectionID})
	f.wantMedia(id, MediaHeld, "med")
	f.mustAPI("resumeConnection", map[string]any{"contactId": id, "connectionId": f.connOfType(id, "inbound", 0).ConnectionID})
	f.wantMedia(id, MediaActive, "med")
	f.w.MediaPortClosed("agent1", "med", med)
	f.wantMedia(id, MediaNone, "") // only the signalling CCP is left: nobody holds the audio
	if err := f.w.CustomerDisconnect(id); err != nil {
		t.Fatal(err)
	}
	f.wantMedia(id, MediaNone, "")
}

func TestMediaSessionOnlyForVoice(t *testing.T) {
	f := newFixture(t)
	f.w.MediaPortOpened("agent1", "med", "us-east-1", "https://desk.example", true)
	f.available()
	id := f.contact(NewContact{Channel: "CHAT", Queue: "BasicQueue"})
	if m := f.contactView(id).Media; m != nil {
		t.Fatalf("chat has no media session: %+v", m)
	}
}
