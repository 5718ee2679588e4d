plugins {
    java
    id("io.quarkus") version "3.17.4"
}

repositories { mavenCentral() }

dependencies {
    implementation(enforcedPlatform("io.quarkus.platform:quarkus-bom:3.17.4"))
    implementation("io.quarkus:quarkus-rest")
    implementation("io.quarkus:quarkus-jdbc-postgresql")
    implementation("io.quarkus:quarkus-smallrye-health")
}

java { toolchain { languageVersion = JavaLanguageVersion.of(21) } }
