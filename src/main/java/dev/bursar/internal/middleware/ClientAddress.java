package dev.bursar.internal.middleware;

import jakarta.servlet.http.HttpServletRequest;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client as rate limits count it: the connection's peer, unless that peer is a trusted proxy,
 * in which case the nearest address in {@code X-Forwarded-For} that is not a trusted proxy. Anyone
 * can write the header, so it counts only when a trusted proxy passed it on.
 *
 * <p>An IPv4 client is its address; an IPv6 client is its /64, the block one subscriber usually
 * holds whole (so cycling through its addresses gains nothing). Different spellings of one address
 * give one client, and an IPv4-mapped IPv6 address is its IPv4 address. Only IP literals are read,
 * never resolved; a hop that is not one is answered for by the trusted hop that passed it on.
 */
final class ClientAddress {

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile("(" + OCTET + "(?:\\." + OCTET + "){3})(?::\\d{1,5})?");
    // Starts with a hex digit or ':' and holds a ':', so InetAddress parses it as a literal and never looks it up.
    private static final Pattern IPV6 =
            Pattern.compile("\\[?([0-9A-Fa-f:][0-9A-Fa-f:.]{1,44})(?:%[\\w.-]{1,32})?(?:](?::\\d{1,5})?)?");

    private final List<IpAddressMatcher> trustedProxies;

    ClientAddress(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies.stream().map(IpAddressMatcher::new).toList();
    }

    /** The client's bucket key: {@code 203.0.113.5}, or {@code 2001:db8:1:2::/64} for IPv6. */
    String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        InetAddress peer = literal(remote);
        if (peer == null) {
            return remote;
        }
        if (!isTrusted(peer)) {
            return key(peer);
        }
        // A proxy may append to the header or add a line of its own: both read as one list, in order.
        List<String> hops = new ArrayList<>();
        for (String line : Collections.list(request.getHeaders("X-Forwarded-For"))) {
            hops.addAll(List.of(line.split(",")));
        }
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).strip();
            if (hop.isEmpty()) {
                continue;
            }
            InetAddress address = literal(hop);
            if (address == null) {
                // Not an address: counting it would let a sender choose any number of buckets.
                break;
            }
            client = address;
            if (!isTrusted(address)) {
                break;
            }
        }
        return key(client);
    }

    private boolean isTrusted(InetAddress address) {
        String literal = address.getHostAddress();
        return trustedProxies.stream().anyMatch(proxy -> proxy.matches(literal));
    }

    /** The address written in {@code text} (brackets, a port or a zone allowed), or null when it is not an IP literal. */
    static InetAddress literal(String text) {
        if (text == null) {
            return null;
        }
        Matcher ipv4 = IPV4.matcher(text);
        Matcher ipv6 = IPV6.matcher(text);
        String address;
        if (ipv4.matches()) {
            address = ipv4.group(1);
        } else if (ipv6.matches()
                && ipv6.group(1).indexOf(':') >= 0
                && text.startsWith("[") == ipv6.group().contains("]")) {
            address = ipv6.group(1);
        } else {
            return null;
        }
        try {
            return InetAddress.getByName(address);
        } catch (UnknownHostException notALiteral) {
            return null;
        }
    }

    /** An IPv4 address as is; an IPv6 address as its /64 in RFC 5952 form. */
    static String key(InetAddress address) {
        if (address instanceof Inet4Address) {
            return address.getHostAddress();
        }
        byte[] bytes = address.getAddress();
        int groups = 4;
        while (groups > 0 && bytes[2 * groups - 2] == 0 && bytes[2 * groups - 1] == 0) {
            groups--;
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int i = 0; i < groups; i++) {
            prefix.append(Integer.toHexString(((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff)))
                    .append(':');
        }
        return prefix.append(groups == 0 ? "::/64" : ":/64").toString();
    }
}
