package federation

import (
	"crypto"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/beevik/etree"
	"github.com/crewjam/saml"
	dsig "github.com/russellhaering/goxmldsig"
)

// Attribute names Amazon Connect's SAML set-up uses (through AWS IAM): the role to assume and the session
// name, which Connect matches against the agent's username.
const (
	attrRole            = "https://aws.amazon.com/SAML/Attributes/Role"
	attrRoleSessionName = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
)

// responseSpec is what goes into one SAML Response. The identity provider fills it from an app; tests bend
// single fields to build the assertions ccpsim must reject.
type responseSpec struct {
	Username     string
	Audience     string
	Recipient    string // the federation endpoint URL (SubjectConfirmationData Recipient)
	Destination  string // the Response's Destination; usually Recipient
	InResponseTo string
	Issuer       string
	IssueInstant time.Time
	Lifetime     time.Duration
	// Unsigned leaves the assertion without a signature; SignResponse also signs the outer Response.
	Unsigned     bool
	SignResponse bool
}

func newID() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return "id-" + hex.EncodeToString(b) // NCName: must not start with a digit
}

// spec returns the identity provider's usual response for username at sp (audience: the instance or global).
func (f *Federation) spec(username, audience, acsURL, inResponseTo string) responseSpec {
	return responseSpec{Username: username, Audience: audience, Recipient: acsURL, Destination: acsURL,
		InResponseTo: inResponseTo, Issuer: f.entityID, IssueInstant: f.clock.Now(), Lifetime: f.lifetime}
}

// buildResponse makes a SAML Response document with one assertion, signed with the provider's key.
func (f *Federation) buildResponse(s responseSpec) ([]byte, error) {
	now := s.IssueInstant.UTC()
	until := now.Add(s.Lifetime)
	nameID := &saml.NameID{Format: string(saml.PersistentNameIDFormat), Value: s.Username}
	a := &saml.Assertion{
		ID: newID(), IssueInstant: now, Version: "2.0",
		Issuer: saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: s.Issuer},
		Subject: &saml.Subject{NameID: nameID, SubjectConfirmations: []saml.SubjectConfirmation{{
			Method: "urn:oasis:names:tc:SAML:2.0:cm:bearer",
			SubjectConfirmationData: &saml.SubjectConfirmationData{
				InResponseTo: s.InResponseTo, NotOnOrAfter: until, Recipient: s.Recipient,
			},
		}}},
		Conditions: &saml.Conditions{NotBefore: now, NotOnOrAfter: until,
			AudienceRestrictions: []saml.AudienceRestriction{{Audience: saml.Audience{Value: s.Audience}}}},
		AuthnStatements: []saml.AuthnStatement{{AuthnInstant: now, SessionIndex: newID(),
			AuthnContext: saml.AuthnContext{AuthnContextClassRef: &saml.AuthnContextClassRef{
				Value: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"}}}},
		AttributeStatements: []saml.AttributeStatement{{Attributes: []saml.Attribute{
			{Name: attrRole, Values: []saml.AttributeValue{{Type: "xs:string",
				Value: "arn:aws:iam::123456789012:role/ConnectAgent,arn:aws:iam::123456789012:saml-provider/ccpsim"}}},
			{Name: attrRoleSessionName, Values: []saml.AttributeValue{{Type: "xs:string", Value: s.Username}}},
		}}},
	}
	assertionEl := a.Element()
	if !s.Unsigned {
		signed, err := f.sign(assertionEl)
		if err != nil {
			return nil, fmt.Errorf("sign assertion: %w", err)
		}
		assertionEl = signed
	}
	resp := &saml.Response{
		ID: newID(), InResponseTo: s.InResponseTo, Version: "2.0", IssueInstant: now, Destination: s.Destination,
		Issuer: &saml.Issuer{Format: "urn:oasis:names:tc:SAML:2.0:nameid-format:entity", Value: s.Issuer},
		Status: saml.Status{StatusCode: saml.StatusCode{Value: saml.StatusSuccess}},
	}
	respEl := resp.Element()
	respEl.AddChild(assertionEl)
	if s.SignResponse {
		signed, err := f.sign(respEl)
		if err != nil {
			return nil, fmt.Errorf("sign response: %w", err)
		}
		respEl = signed
	}
	doc := etree.NewDocument()
	doc.SetRoot(respEl)
	return doc.WriteToBytes()
}

// sign returns el with an enveloped XML-DSig signature (RSA-SHA256, exclusive C14N), placed after the
// Issuer as the SAML schema requires.
func (f *Federation) sign(el *etree.Element) (*etree.Element, error) {
	signer, ok := f.cert.PrivateKey.(crypto.Signer)
	if !ok {
		return nil, errors.New("idp key cannot sign")
	}
	ctx, err := dsig.NewSigningContext(signer, f.cert.Certificate)
	if err != nil {
		return nil, err
	}
	ctx.Canonicalizer = dsig.MakeC14N10ExclusiveCanonicalizerWithPrefixList("")
	if err := ctx.SetSignatureMethod(dsig.RSASHA256SignatureMethod); err != nil {
		return nil, err
	}
	sig, err := ctx.ConstructSignature(el, true)
	if err != nil {
		return nil, err
	}
	out := el.Copy()
	// Signature goes right after Issuer (schema order); the digest covers the element without it.
	idx := 0
	for i, c := range out.ChildElements() {
		if c.Tag == "Issuer" {
			idx = i + 1
			break
		}
	}
	out.InsertChildAt(childIndex(out, idx), sig)
	return out, nil
}

// childIndex converts an index among child elements into an index among all child tokens.
func childIndex(el *etree.Element, elemIdx int) int {
	n := 0
	for i, tok := range el.Child {
		if _, ok := tok.(*etree.Element); ok {
			if n == elemIdx {
				return i
			}
			n++
		}
	}
	return len(el.Child)
}
