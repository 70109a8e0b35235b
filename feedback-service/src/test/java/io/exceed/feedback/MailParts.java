package io.exceed.feedback;

import jakarta.mail.Multipart;
import jakarta.mail.Part;

/** Reading a received e-mail as its reader would: the text of one of its parts. */
final class MailParts {

    private MailParts() {
    }

    /** The first part of {@code message} of MIME type {@code type} (e.g. "text/plain"), as text; null if none. */
    static String part(Part message, String type) throws Exception {
        if (message.isMimeType(type)) {
            return (String) message.getContent();
        }
        if (message.getContent() instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                String found = part(multipart.getBodyPart(i), type);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }
}
