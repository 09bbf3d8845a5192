// Package federation adds SAML 2.0 sign-in to ccpsim: a federation endpoint (the service provider side of
// Amazon Connect's SAML sign-in) on every instance origin, and a test identity provider on its own loopback
// origin with a username/password page and a TOTP second factor.
//
// The identity provider signs assertions with goxmldsig (XML-DSig, RSA-SHA256, exclusive C14N) over SAML
// types from crewjam/saml. The federation endpoint validates them for real: signature against the provider's
// certificate, issuer, audience, recipient, destination, validity window, InResponseTo and replay. Times come
// from an injected clock, which is why validation is built here on goxmldsig rather than on crewjam/saml's
// ServiceProvider (that one reads package-level time variables).
//
// Audiences: each instance has its own entity ID (InstanceEntityID), and all instances also accept the
// global audience (GlobalAudience) — Global Resiliency's global sign-in, where one identity-provider flow
// signs the agent in to every instance of the traffic distribution group. An assertion whose audience is
// another instance's entity ID is rejected. See docs/sso.md.
package federation
