# Sourced by ./tenantscope and .ci/run: makes JAVA_HOME a JDK 25, or stops with a clear message.
# Keeps an existing JAVA_HOME when it already is a 25; otherwise looks under /usr/lib/jvm and /opt/java.

tenantscope_java_major() {
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'
}

tenantscope_find_jdk25() {
    if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(tenantscope_java_major "$JAVA_HOME")" = "25" ]; then
        return 0
    fi
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25* /opt/java/*25* /usr/local/*jdk*25*; do
        if [ -x "$candidate/bin/javac" ] && [ "$(tenantscope_java_major "$candidate")" = "25" ]; then
            export JAVA_HOME="$candidate"
            return 0
        fi
    done
    echo "tenantscope needs a JDK 25 and found none (JAVA_HOME='${JAVA_HOME:-}', nothing under /usr/lib/jvm)." >&2
    echo "Install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it, then run again." >&2
    return 1
}

tenantscope_find_jdk25 || exit 1
export PATH="$JAVA_HOME/bin:$PATH"
