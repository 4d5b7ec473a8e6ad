/**
 * LiveKit access tokens: verifying the JWTs clients bring to {@code /rtc}, and minting them.
 *
 * <p>A token is a compact JWS signed with HS256 under the API secret of the key named in
 * {@code iss}. {@link dev.salle.rtc.token.AccessTokenVerifier} checks it strictly (algorithm,
 * signature, {@code nbf}/{@code exp} with one minute of leeway, claim types) and returns a
 * {@link dev.salle.rtc.token.VerifiedToken}; every refusal is a
 * {@link dev.salle.rtc.token.TokenRejectedException} with a
 * {@link dev.salle.rtc.token.TokenRejectedException.Reason}. Keys come from
 * {@link dev.salle.rtc.token.ApiKeys}; {@link dev.salle.rtc.token.AccessTokenMinter} signs new
 * tokens. Secrets never appear in messages, logs or {@code toString()}.
 *
 * <p>See {@code docs/protocol/tokens.md} for what is checked and why.
 */
package dev.salle.rtc.token;
