package io.exceed.gateway.auth;

import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** An identity provider's part in tests: RSA signing keys, tokens signed with them, and their public JWK set. */
public final class SigningKeys {

    private SigningKeys() {
    }

    public static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** A compact RS256 JWT with {@code claims}, naming the key's id in its header. */
    public static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** The public JWK set of {@code keys}, as JSON. */
    public static String jwkSet(RSAKey... keys) {
        return new com.google.gson.Gson().toJson(new JWKSet(List.of(keys)).toJSONObject(true));
    }
}
