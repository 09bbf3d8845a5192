package federation

import (
	"bytes"
	"crypto/x509"
	"encoding/xml"
	"errors"
	"fmt"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	xrv "github.com/mattermost/xml-roundtrip-validator"
	dsig "github.com/russellhaering/goxmldsig"
	"github.com/russellhaering/goxmldsig/etreeutils"
)

// Rejection reasons. They go into logs and the error page; they never carry the assertion itself.
var (
	ErrMalformed     = errors.New("malformed SAML response")
	ErrUnsigned      = errors.New("assertion is not signed")
	ErrBadSignature  = errors.New("signature does not verify against the identity provider's certificate")
	ErrIssuer        = errors.New("issuer is not the configured identity provider")
	ErrStatus        = errors.New("identity provider reported a failure status")
	ErrAudience      = errors.New("audience is not this instance")
	ErrOtherInstance = errors.New("assertion is for another instance")
	ErrRecipient     = errors.New("recipient is not this federation endpoint")
	ErrDestination   = errors.New("destination is not this federation endpoint")
	ErrExpired       = errors.New("assertion has expired")
	ErrNotYetValid   = errors.New("assertion is not yet valid")
	ErrReplay        = errors.New("assertion was already used")
	ErrInResponseTo  = errors.New("InResponseTo does not match a pending sign-in request")
	ErrUnknownAgent  = errors.New("no agent with that username")
)

const (
	nsProtocol  = "urn:oasis:names:tc:SAML:2.0:protocol"
	nsAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
	nsDSig      = "http://www.w3.org/2000/09/xmldsig#"
	bearer      = "urn:oasis:names:tc:SAML:2.0:cm:bearer"
)

// verified is what a valid response asserts.
type verified struct {
	Username     string
	AssertionID  string
	InResponseTo string
	Global       bool
	NotOnOrAfter time.Time
}

// audiences reads every AudienceRestriction with all its Audience values (crewjam's type keeps only one).
type audiences struct {
	XMLName    xml.Name `xml:"urn:oasis:names:tc:SAML:2.0:assertion Assertion"`
	Conditions *struct {
		Restrictions []struct {
			Audiences []string `xml:"urn:oasis:names:tc:SAML:2.0:assertion Audience"`
		} `xml:"urn:oasis:names:tc:SAML:2.0:assertion AudienceRestriction"`
	} `xml:"urn:oasis:names:tc:SAML:2.0:assertion Conditions"`
}

// verify checks a decoded SAML Response for this instance at time now. It does not record the assertion
// as used: the caller does that once everything else has passed.
func (sp *instanceSP) verify(raw []byte, now time.Time) (verified, error) {
	var v verified
	// encoding/xml and etree must see the same document; refuse anything that does not round-trip.
	if err := xrv.Validate(bytes.NewReader(raw)); err != nil {
		return v, fmt.Errorf("%w: xml does not round-trip", ErrMalformed)
	}
	doc := etree.NewDocument()
	doc.ReadSettings.Permissive = false
	if err := doc.ReadFromBytes(raw); err != nil {
		return v, fmt.Errorf("%w: not xml", ErrMalformed)
	}
	// No DTDs: nothing in SAML needs one, and entity tricks live there.
	for _, tok := range doc.Child {
		if _, ok := tok.(*etree.Directive); ok {
			return v, fmt.Errorf("%w: DOCTYPE is not allowed", ErrMalformed)
		}
	}
	respEl := doc.Root()
	if respEl == nil || respEl.Tag != "Response" || respEl.NamespaceURI() != nsProtocol {
		return v, fmt.Errorf("%w: root is not a samlp:Response", ErrMalformed)
	}
	signedResponse := false
	if sig, err := directChild(respEl, nsDSig, "Signature"); err != nil {
		return v, err
	} else if sig != nil {
		checked, err := sp.checkSignature(respEl, now)
		if err != nil {
			return v, fmt.Errorf("%w: response: %v", ErrBadSignature, err)
		}
		respEl, signedResponse = checked, true
	}
	if enc, err := directChild(respEl, nsAssertion, "EncryptedAssertion"); err != nil || enc != nil {
		return v, fmt.Errorf("%w: encrypted assertions are not supported", ErrMalformed)
	}
	assertionEl, err := onlyChild(respEl, nsAssertion, "Assertion")
	if err != nil {
		return v, err
	}
	// The assertion is what signs the agent in: it must carry its own valid signature.
	if sig, err := directChild(assertionEl, nsDSig, "Signature"); err != nil {
		return v, err
	} else if sig == nil {
		return v, ErrUnsigned
	}
	assertionEl, err = sp.checkSignature(assertionEl, now)
	if err != nil {
		return v, fmt.Errorf("%w: assertion: %v", ErrBadSignature, err)
	}

	// Only the verified copies are read from here on (no signature wrapping).
	var resp saml.Response
	if err := unmarshalEl(respEl, &resp); err != nil {
		return v, fmt.Errorf("%w: response: %v", ErrMalformed, err)
	}
	var a saml.Assertion
	if err := unmarshalEl(assertionEl, &a); err != nil {
		return v, fmt.Errorf("%w: assertion: %v", ErrMalformed, err)
	}
	var aud audiences
	if err := unmarshalEl(assertionEl, &aud); err != nil {
		return v, fmt.Errorf("%w: conditions: %v", ErrMalformed, err)
	}

	if resp.Status.StatusCode.Value != saml.StatusSuccess {
		return v, ErrStatus
	}
	if (resp.Issuer != nil && resp.Issuer.Value != sp.f.entityID) || a.Issuer.Value != sp.f.entityID {
		return v, ErrIssuer
	}
	// Audience before Destination/Recipient: an assertion made for the other instance says so.
	if v.Global, err = sp.checkAudience(aud); err != nil {
		return v, err
	}
	if (signedResponse || resp.Destination != "") && resp.Destination != sp.acsURL {
		return v, ErrDestination
	}
	if a.IssueInstant.After(now.Add(sp.f.skew)) {
		return v, fmt.Errorf("%w: issued in the future", ErrNotYetValid)
	}
	if a.Conditions == nil || a.Conditions.NotOnOrAfter.IsZero() {
		return v, fmt.Errorf("%w: no Conditions NotOnOrAfter", ErrMalformed)
	}
	if !a.Conditions.NotBefore.IsZero() && a.Conditions.NotBefore.After(now.Add(sp.f.skew)) {
		return v, ErrNotYetValid
	}
	if !now.Before(a.Conditions.NotOnOrAfter.Add(sp.f.skew)) {
		return v, ErrExpired
	}
	v.NotOnOrAfter = a.Conditions.NotOnOrAfter
	if a.Subject == nil || a.Subject.NameID == nil || len(a.Subject.SubjectConfirmations) == 0 {
		return v, fmt.Errorf("%w: no subject", ErrMalformed)
	}
	for _, sc := range a.Subject.SubjectConfirmations {
		d := sc.SubjectConfirmationData
		if sc.Method != bearer || d == nil {
			return v, fmt.Errorf("%w: subject confirmation is not bearer", ErrMalformed)
		}
		if d.Recipient != sp.acsURL {
			return v, ErrRecipient
		}
		if d.NotOnOrAfter.IsZero() {
			return v, fmt.Errorf("%w: no SubjectConfirmationData NotOnOrAfter", ErrMalformed)
		}
		if !now.Before(d.NotOnOrAfter.Add(sp.f.skew)) {
			return v, ErrExpired
		}
		if !d.NotBefore.IsZero() && d.NotBefore.After(now.Add(sp.f.skew)) {
			return v, ErrNotYetValid
		}
		if d.InResponseTo != "" && v.InResponseTo != "" && d.InResponseTo != v.InResponseTo {
			return v, ErrInResponseTo
		}
		if d.InResponseTo != "" {
			v.InResponseTo = d.InResponseTo
		}
	}
	if resp.InResponseTo != "" && v.InResponseTo != "" && resp.InResponseTo != v.InResponseTo {
		return v, ErrInResponseTo
	}
	if v.InResponseTo == "" {
		v.InResponseTo = resp.InResponseTo
	}
	v.AssertionID = a.ID
	if v.AssertionID == "" {
		return v, fmt.Errorf("%w: assertion has no ID", ErrMalformed)
	}
	v.Username = a.Subject.NameID.Value
	for _, st := range a.AttributeStatements {
		for _, at := range st.Attributes {
			if at.Name == attrRoleSessionName && len(at.Values) > 0 {
				v.Username = at.Values[0].Value
			}
		}
	}
	if v.Username == "" {
		return v, fmt.Errorf("%w: no username", ErrMalformed)
	}
	return v, nil
}

// checkAudience applies SAML's rule: every AudienceRestriction must name us (or the global audience).
func (sp *instanceSP) checkAudience(aud audiences) (global bool, err error) {
	if aud.Conditions == nil || len(aud.Conditions.Restrictions) == 0 {
		return false, fmt.Errorf("%w: no AudienceRestriction", ErrAudience)
	}
	for _, r := range aud.Conditions.Restrictions {
		ok := false
		for _, a := range r.Audiences {
			switch {
			case a == sp.entityID:
				ok = true
			case a == GlobalAudience && sp.f.global:
				ok, global = true, true
			}
		}
		if !ok {
			for _, a := range r.Audiences {
				if sp.f.isOtherInstance(a, sp.region) {
					return false, ErrOtherInstance
				}
			}
			return false, ErrAudience
		}
	}
	return global, nil
}

func (f *Federation) isOtherInstance(audience, region string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	for r, sp := range f.sps {
		if r != region && sp.entityID == audience {
			return true
		}
	}
	return false
}

// checkSignature verifies el's enveloped signature against the provider's certificate only (a certificate
// in KeyInfo is ignored unless it is that one) and returns the verified copy of el.
func (sp *instanceSP) checkSignature(el *etree.Element, now time.Time) (*etree.Element, error) {
	ctx := dsig.NewDefaultValidationContext(&dsig.MemoryX509CertificateStore{Roots: []*x509.Certificate{sp.f.cert.Leaf}})
	ctx.IdAttribute = "ID"
	ctx.Clock = dsig.NewFakeClockAt(now)
	// Namespace declarations may live on ancestors (the Response); carry them into a detached copy.
	nsCtx, err := etreeutils.NSBuildParentContext(el)
	if err != nil {
		return nil, err
	}
	if nsCtx, err = nsCtx.SubContext(el); err != nil {
		return nil, err
	}
	detached, err := etreeutils.NSDetatch(nsCtx, el)
	if err != nil {
		return nil, err
	}
	return ctx.Validate(detached)
}

// directChild returns el's one child element namespace:tag, nil if none; two are malformed.
func directChild(el *etree.Element, namespace, tag string) (*etree.Element, error) {
	var found *etree.Element
	for _, c := range el.ChildElements() {
		if c.Tag == tag && c.NamespaceURI() == namespace {
			if found != nil {
				return nil, fmt.Errorf("%w: more than one %s", ErrMalformed, tag)
			}
			found = c
		}
	}
	return found, nil
}

func onlyChild(el *etree.Element, namespace, tag string) (*etree.Element, error) {
	c, err := directChild(el, namespace, tag)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, fmt.Errorf("%w: no %s", ErrMalformed, tag)
	}
	return c, nil
}

func unmarshalEl(el *etree.Element, v any) error {
	doc := etree.NewDocument()
	doc.SetRoot(el.Copy())
	b, err := doc.WriteToBytes()
	if err != nil {
		return err
	}
	return xml.Unmarshal(b, v)
}
