import ArgumentParser
import ClickHouseStore
import Foundation
import SQLiteStore
import Store

struct PartnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "partner",
        abstract: "Manage partners: the accounts whose admins read reports.",
        subcommands: [Add.self, List.self, RotateSecret.self]
    )

    struct StoreOptions: ParsableArguments {
        @Option(help: "Folder of the embedded store.")
        var data = "./data"

        @Flag(help: "Print JSON instead of text.")
        var json = false

        @OptionGroup var storage: ClickHouseOptions

        func open() async throws -> any PartnerStore {
            if let clickHouse = storage.configuration { return try await ClickHouseStore(clickHouse) }
            return try SQLiteStore(directory: data)
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a partner and print its secrets (shown only now).")

        @Option(help: "The partner's name.")
        var name: String

        @Option(help: "Choose the partner id (default: the next free id from 1001).")
        var id: Int?

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let store = try await options.open()
            let partner: Partner
            do {
                partner = try await store.addPartner(
                    id: id,
                    name: name,
                    adminSecret: Secret.make(),
                    userSecret: Secret.make(),
                    createdAt: Int64(Date().timeIntervalSince1970)
                )
            } catch let error as PartnerExists {
                throw ValidationError(error.description)
            }
            if options.json {
                print(
                    JSONText.object([
                        "id": .number(partner.id), "name": .text(partner.name), "adminSecret": .text(partner.adminSecret),
                        "userSecret": .text(partner.userSecret),
                    ])
                )
            } else {
                print("partner id:   \(partner.id)")
                print("name:         \(partner.name)")
                print("admin secret: \(partner.adminSecret)")
                print("user secret:  \(partner.userSecret)")
                print("Keep the secrets safe: they are not shown again (rotate-secret makes new ones).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List partners (without their secrets).")

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let partners = try await options.open().partners()
            if options.json {
                print("[" + partners.map { JSONText.object(["id": .number($0.id), "name": .text($0.name)]) }.joined(separator: ",") + "]")
                return
            }
            print("id       name")
            for partner in partners { print("\(String(partner.id).padding(toLength: 8, withPad: " ", startingAt: 0)) \(partner.name)") }
        }
    }

    struct RotateSecret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replace a partner's admin secret (ending every session it signed) or, with --user, its user secret."
        )

        @Option(help: "The partner id.")
        var id: Int

        @Flag(help: "Rotate the user secret instead of the admin secret.")
        var user = false

        @OptionGroup var options: StoreOptions

        func run() async throws {
            let kind: SecretKind = user ? .user : .admin
            let secret = Secret.make()
            guard try await options.open().replaceSecret(partnerId: id, kind: kind, with: secret) != nil else {
                throw ValidationError("no partner \(id)")
            }
            let key = user ? "userSecret" : "adminSecret"
            if options.json {
                print(JSONText.object(["id": .number(id), key: .text(secret)]))
            } else {
                print("partner id: \(id)")
                print("new \(user ? "user" : "admin") secret: \(secret)")
            }
        }
    }
}

/// 128 random bits as 32 hex digits, the shape of Kaltura's secrets.
enum Secret {
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<16).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }
        .joined()
    }
}

/// Small JSON lines for machine-readable command output.
enum JSONText {
    enum Value {
        case text(String)
        case number(Int)
    }

    static func object(_ members: KeyValuePairs<String, Value>) -> String {
        "{"
            + members.map { key, value in
                let rendered: String =
                    switch value {
                    case .text(let text): quote(text)
                    case .number(let number): String(number)
                    }
                return "\(quote(key)): \(rendered)"
            }
            .joined(separator: ", ") + "}"
    }

    static func quote(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [text], options: [.fragmentsAllowed])
        let array = data.map { String(decoding: $0, as: UTF8.self) } ?? "[\"\"]"
        return String(array.dropFirst().dropLast())
    }
}
